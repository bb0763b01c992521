using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Contrevue.Features.Events.Rsvps;

public sealed record RsvpInput(string? Name, string? Email);

/// <summary>Participation through the API: anyone asks (a public write), organisers list and approve.</summary>
public static class RsvpApi
{
    public static IEndpointRouteBuilder MapRsvpApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/events/{id:int}/rsvps").WithTags("Agenda");
        group.MapPost("/", Request).WithAbuseResistance()
            .WithName("RequestEventRsvp").WithSummary("Participer (sans compte) : un lien de confirmation est envoyé à l'adresse donnée");
        group.MapGet("/", List).RequireAuthorization(Policies.Member)
            .WithName("ListEventRsvps").WithSummary("Les participants confirmés (organisateurs du rendez-vous)");
        group.MapPost("/{rsvpId:int}/approve", Approve).RequireAuthorization(Policies.Member)
            .WithName("ApproveEventRsvp").WithSummary("Valider une participation (organisateurs) : le participant reçoit le lien de connexion");
        return endpoints;
    }

    public static async Task<IResult> Request(int id, RsvpInput input, RsvpService rsvps, SiteAddress site, HttpContext context, CancellationToken cancellationToken) =>
        await rsvps.RequestAsync(id, input.Name, input.Email, site.Of(context.Request), cancellationToken) switch
        {
            RsvpRequestResult.Accepted => TypedResults.Accepted((string?)null, new { status = "awaiting-confirmation" }),
            RsvpRequestResult.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: "Participation refusée : vérifiez les champs indiqués."),
            _ => TypedResults.Problem(title: "Rendez-vous introuvable", statusCode: StatusCodes.Status404NotFound),
        };

    public static async Task<IResult> List(int id, ClaimsPrincipal user, RsvpService rsvps, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "private, no-store";
        return await rsvps.ParticipantsAsync(user, id, cancellationToken) is { } participants
            ? TypedResults.Ok(participants)
            : TypedResults.Problem(title: "Action réservée aux organisateurs", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> Approve(int id, int rsvpId, ClaimsPrincipal user, RsvpService rsvps, SiteAddress site, HttpContext context, CancellationToken cancellationToken) =>
        await rsvps.ApproveAsync(user, id, rsvpId, site.Of(context.Request), cancellationToken) switch
        {
            true => TypedResults.Ok(new { status = "confirmed" }),
            false => TypedResults.Problem(title: "Complet", detail: "La jauge du rendez-vous est atteinte.", statusCode: StatusCodes.Status409Conflict),
            null => TypedResults.Problem(title: "Participation introuvable", statusCode: StatusCodes.Status404NotFound),
        };
}
