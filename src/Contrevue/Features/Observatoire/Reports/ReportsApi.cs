using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Contrevue.Features.Observatoire.Reports;

/// <param name="Target">"dossier" or "source".</param>
/// <param name="Reason">false, personal-data, defamatory or other (other needs a comment).</param>
public sealed record ReportRequest(string? Target, int? Id, string? Reason, string? Comment);

/// <param name="Status">"received", or "hidden" when this report hid the target until a moderator decides.</param>
public sealed record ReportReceivedDto(string Status);

public sealed record ReportDto(int Id, string Reason, string ReasonLabel, string? Comment, DateTime CreatedAt);

public sealed record ReportedTargetDto(
    string Target, int Id, int DossierId, string Title, string DossierTitle, string Url, bool Hidden, DateTime? HiddenAt, IReadOnlyList<ReportDto> Reports);

public sealed record ReportDecisionRequest(string? Reason);

public sealed record ReportDecisionDto(string Target, int Id, bool Hidden, int? Revision, int Reports);

public static class ReportsApi
{
    public const string InvalidTitle = "Signalement refusé : vérifiez les champs indiqués.";

    public static void MapReportsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/reports", Report)
            .WithAbuseResistance()
            .WithTags("Observatoire")
            .WithName("Report")
            .WithSummary("Signaler un dossier ou une source (faux, données personnelles, diffamatoire…) ; de son auteur, rien n'est gardé qu'une empreinte à clé de sa connexion, le temps de compter les signalements");

        var moderation = endpoints.MapGroup("/api/v1/moderation/reports")
            .WithTags("Modération")
            // For token holders: a browser session decides through /moderation/signalements, with its antiforgery tokens.
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Moderator, Roles.Admin));
        moderation.MapGet("", Queue).WithName("ReportQueue").WithSummary("Dossiers et sources masqués ou signalés, avec leurs signalements en attente");
        moderation.MapPost("/{target}/{id:int}/restore", Restore).WithName("RestoreReported")
            .WithSummary("Rétablir (ou garder visible) : les signalements en attente sont rejetés ; raison obligatoire, publique");
        moderation.MapPost("/{target}/{id:int}/uphold", Uphold).WithName("UpholdReports")
            .WithSummary("Confirmer le masquage (ou masquer directement) : les signalements en attente sont retenus");
    }

    public static async Task<Results<Accepted<ReportReceivedDto>, ValidationProblem, NotFound<ProblemDetails>>> Report(
        ReportRequest request, ReportService reports, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ReportTargets.TryParse(request.Target, out var kind))
        {
            errors["target"] = ["Indiquez ce que vous signalez : « dossier » ou « source »."];
        }
        if (request.Id is not > 0)
        {
            errors["id"] = ["Indiquez le numéro du dossier ou de la source."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidTitle);
        }
        return await reports.ReportAsync(kind, request.Id!.Value, request.Reason, request.Comment, ClientHasher.ClientOf(context), cancellationToken) switch
        {
            ReportOutcome.Received(var hidden) => TypedResults.Accepted((string?)null, new ReportReceivedDto(hidden ? "hidden" : "received")),
            ReportOutcome.Invalid(var invalid) => TypedResults.ValidationProblem(invalid, title: InvalidTitle),
            ReportOutcome.Unavailable(var title, var detail) => TypedResults.NotFound(new ProblemDetails { Title = title, Detail = detail, Status = 404 }),
            _ => throw new InvalidOperationException("Signalement sans issue."),
        };
    }

    public static async Task<Ok<ItemsOf<ReportedTargetDto>>> Queue(ReportService reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemsOf<ReportedTargetDto>([.. (await reports.QueueAsync(cancellationToken)).Select(AsDto)]));

    public static Task<Results<Ok<ReportDecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> Restore(
        string target, int id, [FromBody] ReportDecisionRequest? request, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken) =>
        DecideAsync(target, kind => reports.RestoreAsync(kind, id, UserId(user), request?.Reason, cancellationToken));

    public static Task<Results<Ok<ReportDecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> Uphold(
        string target, int id, [FromBody] ReportDecisionRequest? request, ClaimsPrincipal user, ReportService reports, CancellationToken cancellationToken) =>
        DecideAsync(target, kind => reports.UpholdAsync(kind, id, UserId(user), request?.Reason, cancellationToken));

    public static ReportedTargetDto AsDto(ReportedTarget item) => new(
        item.Target.Code, item.Target.Id, item.Target.DossierId, item.Target.Title, item.Target.DossierTitle, item.Target.Path,
        item.Target.Hidden, item.HiddenAt,
        [.. item.Pending.Select(r => new ReportDto(r.Id, ObservatoireCodes.ReportReasons.Code(r.Reason), ObservatoireCodes.ReportReasons.Label(r.Reason), r.Comment, r.CreatedAt))]);

    private static async Task<Results<Ok<ReportDecisionDto>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> DecideAsync(
        string target, Func<ReportTargetKind, Task<ReportDecision>> decide)
    {
        if (!ReportTargets.TryParse(target, out var kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["target"] = ["« dossier » ou « source »."] }, title: "Décision refusée");
        }
        return await decide(kind) switch
        {
            ReportDecision.Done(var done, var hidden, var revision, var count) => TypedResults.Ok(new ReportDecisionDto(done.Code, done.Id, hidden, revision, count)),
            ReportDecision.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: "Décision refusée"),
            ReportDecision.NothingToDecide(var detail) => TypedResults.Conflict(new ProblemDetails { Title = "Rien à décider", Detail = detail, Status = 409 }),
            _ => TypedResults.NotFound(new ProblemDetails { Title = kind == ReportTargetKind.Source ? "Source introuvable" : "Dossier introuvable", Status = 404 }),
        };
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
