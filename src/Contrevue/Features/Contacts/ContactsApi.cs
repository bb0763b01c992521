using Contrevue.Infrastructure.History;
using System.Security.Claims;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Contrevue.Features.Contacts;

public sealed record RevertRequest(string? Reason);

public static class ContactsApi
{
    public static void MapContactsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/proposals", Propose)
            .WithAbuseResistance()
            .WithTags("Contributions")
            .WithName("Propose")
            .WithSummary("Proposer un fait (contact d'une mairie…) : rien n'est public avant validation par la modération");

        endpoints.MapModeratorGroup()
            .MapPost("/revisions/{id:int}/revert", Revert).WithName("Revert").WithSummary("Annuler une révision (crée une nouvelle révision)");

        endpoints.MapGet("/api/v1/communes/{insee}/history", History)
            .WithTags("Territoires")
            .WithName("CommuneHistory")
            .WithSummary("Les révisions des faits modérés d'une commune (contacts)");
    }

    public static async Task<Results<Accepted<ProposalStatusDto>, ValidationProblem>> Propose(
        ProposalInput input, ContactProposals proposals, SiteAddress site, HttpContext context, CancellationToken cancellationToken)
    {
        var (accepted, errors) = await proposals.ProposeAsync(input, site.Of(context.Request), cancellationToken);
        if (accepted is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Proposition refusée : vérifiez les champs indiqués.");
        }
        // The confirmation link goes to the contributor's mailbox, never into this answer.
        return TypedResults.Accepted((string?)null, new ProposalStatusDto(accepted.Id, accepted.Status));
    }

    public static async Task<Results<Ok<RevisionDto>, NotFound<ProblemDetails>>> Revert(
        int id, [FromBody] RevertRequest? request, ClaimsPrincipal user, ContactHistory history, CancellationToken cancellationToken)
    {
        var revision = await history.RevertAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", request?.Reason, cancellationToken);
        return revision is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Révision introuvable", Status = 404 })
            : TypedResults.Ok(ContactHistory.AsDto(revision));
    }

    public static async Task<Results<Ok<ItemsOf<RevisionDto>>, NotFound<ProblemDetails>>> History(
        string insee, ContactHistory history, TerritoryQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.FindCommuneAsync(insee, cancellationToken) is not CommuneLookup.Found(var commune))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Commune introuvable", Status = 404 });
        }
        return TypedResults.Ok(new ItemsOf<RevisionDto>(await history.ForAsync(new TerritoryReference(TerritoryKind.Commune, commune.Code), cancellationToken)));
    }
}
