using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>The body of <c>POST /api/v1/newsletter/subscriptions</c>: list codes (national, departement:42, collective:7) and topic codes.</summary>
public sealed record SubscriptionRequest(string? Email, List<string?>? Lists, List<string?>? Topics);

/// <param name="Status">Always "awaiting-confirmation", whether the address is new, pending or confirmed.</param>
/// <param name="ConsentWording">The text a client must show next to its form: it is stored as what the person agreed to.</param>
public sealed record SubscriptionReceived(string Status, string ConsentWording);

public static class SubscriptionApi
{
    public static RouteGroupBuilder MapSubscriptionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/newsletter").WithTags("Lettre d'information");
        group.MapPost("/subscriptions", Subscribe)
            .WithAbuseResistance()
            .WithName("NewsletterSubscribe")
            .WithSummary("S'abonner à la lettre d'information : un lien de confirmation est envoyé (au plus un par jour et par adresse) ; la réponse est la même que l'adresse soit connue ou non");
        return group;
    }

    public static async Task<Results<Accepted<SubscriptionReceived>, ValidationProblem>> Subscribe(
        SubscriptionRequest request, SubscriptionService subscriptions, SiteAddress site, HttpContext context, CancellationToken cancellationToken)
    {
        var input = new SubscriptionInput(request.Email, request.Lists, request.Topics);
        return await subscriptions.SubscribeAsync(input, "api", SubscriptionTexts.ConsentWording, site.Of(context.Request), cancellationToken) switch
        {
            SubscribeOutcome.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: SubscriptionTexts.InvalidTitle),
            _ => TypedResults.Accepted((string?)null, new SubscriptionReceived("awaiting-confirmation", SubscriptionTexts.ConsentWording)),
        };
    }
}
