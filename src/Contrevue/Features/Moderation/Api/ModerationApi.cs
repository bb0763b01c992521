using Contrevue.Infrastructure;
using System.Security.Claims;
using System.Text.Json;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Moderation;

/// <summary>A proposal's id and status (<see cref="ModerationService.StatusName"/>), answered when it is received.</summary>
[Seam]
public sealed record ProposalStatusDto(int Id, string Status);

/// <summary>A pending proposal: <c>proposed</c> for a territory contact, <c>data</c> (the proposed document) for other kinds.</summary>
public sealed record QueueItemDto(int Id, string Kind, string Territory, DateTime CreatedAt, string? Source, string? Note, JsonElement? Proposed, JsonElement? Data);

public sealed record RejectRequest(string? Reason);

/// <param name="Data">A correction, for the kinds whose publisher reads one (<see cref="IProposalPublisher.CorrectionOf"/>).</param>
public sealed record ApproveRequest(JsonElement? Data);

public sealed record DecisionDto(int Id, string Status, int? Revision);

public static class ModerationApi
{
    public static void MapModerationApi(this IEndpointRouteBuilder endpoints)
    {
        var moderation = endpoints.MapModeratorGroup();
        moderation.MapGet("/queue", Queue).WithName("ModerationQueue").WithSummary("Propositions en attente");
        moderation.MapPost("/{id:int}/approve", Approve).WithName("Approve").WithSummary("Approuver, éventuellement après correction");
        moderation.MapPost("/{id:int}/reject", Reject).WithName("Reject").WithSummary("Refuser, avec une raison");
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
            var view = moderation.ViewOf(p);
            return new QueueItemDto(p.Id, p.Kind, p.Territory.ToString(), p.CreatedAt, p.Source, p.Note, view.Proposed, view.Data);
        })]);
    }

    public static async Task<Results<Ok<DecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> Approve(
        int id, [FromBody] ApproveRequest? request, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        Answer(await moderation.ApproveAsync(id, UserId(user), request?.Data, cancellationToken), text);

    public static async Task<Results<Ok<DecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> Reject(
        int id, RejectRequest request, ClaimsPrincipal user, ModerationService moderation, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        Answer(await moderation.RejectAsync(id, UserId(user), request.Reason, cancellationToken), text);

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
