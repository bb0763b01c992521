using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Moderation;

public sealed record ProposalStatusDto(int Id, string Status);

/// <summary>A pending proposal: <c>proposed</c> for a territory contact, <c>data</c> (the proposed document) for other kinds.</summary>
public sealed record QueueItemDto(int Id, string Kind, string Territory, DateTime CreatedAt, string? Source, string? Note, ContactData? Proposed, System.Text.Json.JsonElement? Data);

public sealed record RejectRequest(string? Reason);

public sealed record ApproveRequest(ContactData? Data);

public sealed record RevertRequest(string? Reason);

public sealed record DecisionDto(int Id, string Status, int? Revision);

public static class ModerationApi
{
    public static void MapModerationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/proposals", Propose)
            .WithAbuseResistance()
            .WithTags("Contributions")
            .WithName("Propose")
            .WithSummary("Proposer un fait (contact d'une mairie…) : rien n'est public avant validation par la modération");

        var moderation = endpoints.MapGroup("/api/v1/moderation")
            .WithTags("Modération")
            // For token holders: a browser session moderates through the pages, with their antiforgery tokens.
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Moderator, Roles.Admin));
        moderation.MapGet("/queue", Queue).WithName("ModerationQueue").WithSummary("Propositions en attente");
        moderation.MapPost("/{id:int}/approve", Approve).WithName("Approve").WithSummary("Approuver, éventuellement après correction");
        moderation.MapPost("/{id:int}/reject", Reject).WithName("Reject").WithSummary("Refuser, avec une raison");
        moderation.MapPost("/revisions/{id:int}/revert", Revert).WithName("Revert").WithSummary("Annuler une révision (crée une nouvelle révision)");

        endpoints.MapGet("/api/v1/communes/{insee}/history", History)
            .WithTags("Territoires")
            .WithName("CommuneHistory")
            .WithSummary("Les révisions des faits modérés d'une commune (contacts)");
    }

    public static async Task<Results<Accepted<ProposalStatusDto>, ValidationProblem>> Propose(
        ProposalInput input, ModerationService moderation, SiteAddress site, HttpContext context, CancellationToken cancellationToken)
    {
        var (accepted, errors) = await moderation.ProposeAsync(input, site.Of(context.Request), cancellationToken);
        if (accepted is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Proposition refusée : vérifiez les champs indiqués.");
        }
        // The confirmation link goes to the contributor's mailbox, never into this answer.
        return TypedResults.Accepted((string?)null, new ProposalStatusDto(accepted.Id, accepted.Status));
    }

    public static async Task<Results<Ok<IReadOnlyList<QueueItemDto>>, ValidationProblem>> Queue(
        [FromQuery] string? kind, [FromQuery] string? territory, [FromQuery] int? olderThanDays, ModerationService moderation, CancellationToken cancellationToken)
    {
        TerritoryReference? reference = null;
        if (!string.IsNullOrEmpty(territory) && !TerritoryReference.TryParse(territory, out reference))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["territory"] = ["Territoire invalide."] });
        }
        var items = await moderation.QueueAsync(kind, reference, olderThanDays, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<QueueItemDto>>([.. items.Select(p =>
        {
            if (p.Kind != Proposal.TerritoryContactKind)
            {
                return new QueueItemDto(p.Id, p.Kind, p.Territory.ToString(), p.CreatedAt, p.Source, p.Note, null,
                    System.Text.Json.JsonDocument.Parse(p.Data).RootElement.Clone());
            }
            var facts = ModerationService.FactsOf(p);
            return new QueueItemDto(p.Id, p.Kind, p.Territory.ToString(), p.CreatedAt, p.Source, p.Note,
                new ContactData(facts.Mayor, facts.Email, facts.PostalAddress, facts.Website, facts.CadaOfficer, facts.VerifiedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), null);
        })]);
    }

    public static async Task<Results<Ok<DecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> Approve(
        int id, [FromBody] ApproveRequest? request, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        Answer(await moderation.ApproveAsync(id, UserId(user), request?.Data, cancellationToken), text);

    public static async Task<Results<Ok<DecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> Reject(
        int id, RejectRequest request, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        Answer(await moderation.RejectAsync(id, UserId(user), request.Reason, cancellationToken), text);

    public static async Task<Results<Ok<RevisionDto>, NotFound<ProblemDetails>>> Revert(
        int id, [FromBody] RevertRequest? request, ClaimsPrincipal user, ModerationService moderation, CancellationToken cancellationToken)
    {
        var revision = await moderation.RevertAsync(id, UserId(user), request?.Reason, cancellationToken);
        return revision is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Révision introuvable", Status = 404 })
            : TypedResults.Ok(RevisionHistory.AsDto(revision));
    }

    public static async Task<Results<Ok<ItemsOf<RevisionDto>>, NotFound<ProblemDetails>>> History(
        string insee, RevisionHistory history, TerritoryQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.FindCommuneAsync(insee, cancellationToken) is not CommuneLookup.Found(var commune))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Commune introuvable", Status = 404 });
        }
        return TypedResults.Ok(new ItemsOf<RevisionDto>(await history.ForAsync(new TerritoryReference(TerritoryKind.Commune, commune.Code), cancellationToken)));
    }

    private static Results<Ok<DecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem> Answer(ModerationOutcome outcome, IStringLocalizer text) => outcome switch
    {
        ModerationOutcome.Done(var proposal, var revision) => TypedResults.Ok(new DecisionDto(proposal.Id, ModerationService.StatusName(proposal.Status), revision?.Id)),
        ModerationOutcome.AlreadyDecided(var status) => TypedResults.Conflict(new ProblemDetails
        {
            Title = text["Proposition déjà traitée"],
            Detail = text["Cette proposition n'est plus en attente ({0}).", ModerationService.StatusName(status)],
            Status = 409,
        }),
        ModerationOutcome.Invalid(var errors) => TypedResults.ValidationProblem(errors),
        _ => TypedResults.NotFound(new ProblemDetails { Title = "Proposition introuvable", Status = 404 }),
    };

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
