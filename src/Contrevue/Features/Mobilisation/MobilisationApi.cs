using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Contrevue.Features.Mobilisation;

/// <summary>The body of <c>POST /api/v1/mobilisation/sign-ups</c>; <c>helpWith</c> holds codes (postering, leafleting…).</summary>
public sealed record SignUpRequest(string? Email, string? Territory, string? CollectiveName, List<string?>? HelpWith, string? Message);

/// <param name="Status">Always "awaiting-confirmation": nothing is kept as confirmed before the e-mailed link is used.</param>
public sealed record SignUpReceived(string Status);

public static class MobilisationApi
{
    public const string InvalidTitle = "Inscription refusée : vérifiez les champs indiqués.";

    public static RouteGroupBuilder MapMobilisationApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/mobilisation").WithTags("Mobilisation");
        group.MapPost("/sign-ups", SignUp)
            .WithAbuseResistance()
            .WithName("MobilisationSignUp")
            .WithSummary("Rejoindre la mobilisation : une adresse, un territoire, ce que l'on peut faire ; rien n'est gardé avant la confirmation par le lien envoyé par e-mail");
        return group;
    }

    public static async Task<Results<Accepted<SignUpReceived>, ValidationProblem>> SignUp(
        SignUpRequest request, SignUpService signUps, SiteAddress site, HttpContext context, CancellationToken cancellationToken)
    {
        var input = new SignUpInput(request.Email, request.Territory, request.CollectiveName, request.HelpWith, request.Message);
        return await signUps.SubmitAsync(input, site.Of(context.Request), cancellationToken) switch
        {
            // No id: the sign-up is the person's, reachable only through the link in their mailbox.
            SignUpOutcome.Accepted => TypedResults.Accepted((string?)null, new SignUpReceived("awaiting-confirmation")),
            SignUpOutcome.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: InvalidTitle),
            _ => throw new InvalidOperationException("Inscription sans issue."),
        };
    }
}
