using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>The shared sending rate, read and changed by admins (API token); every instance follows it at its next slot.</summary>
public static class NewsletterRateApi
{
    public sealed record RateDocument(double MessagesPerSecond);

    public sealed record RateInput(double? MessagesPerSecond);

    public static RouteGroupBuilder MapNewsletterRate(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/newsletter/rate").WithTags("Lettre d'info")
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Admin));
        group.MapGet("", Get)
            .WithName("NewsletterRate")
            .WithSummary("Le débit d'envoi de la lettre d'info, partagé par toutes les instances (messages par seconde)");
        group.MapPut("", Put)
            .WithName("SetNewsletterRate")
            .WithSummary("Changer le débit d'envoi de la lettre d'info (de 1 à 1000 messages par seconde)");
        return group;
    }

    public static async Task<Ok<RateDocument>> Get(ContrevueDbContext db, NewsletterDeliverySettings settings, TimeProvider time) =>
        TypedResults.Ok(new RateDocument((await SendingRate.ReadAsync(db, settings.MessagesPerSecond, time.GetUtcNow().UtcDateTime)).MessagesPerSecond));

    public static async Task<Results<Ok<RateDocument>, ValidationProblem>> Put(
        RateInput input, ContrevueDbContext db, NewsletterDeliverySettings settings, TimeProvider time)
    {
        if (input.MessagesPerSecond is not { } rate || double.IsNaN(rate) || rate < SendingRate.Lowest || rate > SendingRate.Highest)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["messagesPerSecond"] = ["Le débit doit être un nombre de messages par seconde entre 1 et 1000."] },
                title: "Débit refusé : vérifiez la valeur indiquée.");
        }
        await SendingRate.SetAsync(db, rate, settings.MessagesPerSecond, time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new RateDocument(rate));
    }
}
