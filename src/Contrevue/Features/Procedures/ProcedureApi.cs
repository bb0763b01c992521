using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Contrevue.Features.Procedures;

public sealed record ProcedureEventDto(int Id, string Kind, string KindLabel, DateOnly On, string? Note);

public sealed record ProcedureDocumentDto(int Id, string Title, bool Received, DateOnly? On, string Url);

/// <summary>A procedure without its members' personal data: the collective's name, never who created it.</summary>
public sealed record ProcedureDto(
    int Id, int CollectiveId, string CollectiveName, string Kind, string KindLabel, string Title, string AuthorityName,
    string? DepartementCode, int? DossierId, string Subject, DateOnly? StartOn, string Status, string StatusLabel, bool IsPublic,
    int? PreviousProcedureId, int? SeriesId, string? MadadaUrl, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<ProcedureEventDto> Events, IReadOnlyList<ProcedureDocumentDto> Documents, IReadOnlyList<string> NextKinds,
    IReadOnlyList<Deadlines.DeadlineStepDto> Deadlines);

public sealed record ProcedureSummaryDto(int Id, int CollectiveId, string CollectiveName, string Kind, string Title, string AuthorityName,
    string Status, bool IsPublic, DateOnly? StartOn, int? SeriesId);

public sealed record CreateProcedureRequest(
    int CollectiveId, string? Kind, string? Title, string? AuthorityName, string? DepartementCode, int? DossierId,
    string? Subject, string? StartOn, string? MadadaUrl, int? SeriesId);

public sealed record ContinueProcedureRequest(string? Kind);

public sealed record ProcedureStatusRequest(string? Status);

/// <summary>
/// Procedures for their collective's members, with a session cookie or an API token. Writes with a cookie are
/// safe from other sites: the session cookie is SameSite=Strict and the bodies are JSON.
/// </summary>
public static class ProcedureApi
{
    public static RouteGroupBuilder MapProcedureApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/procedures").WithTags("Procédures");
        group.MapGet("/", List).RequireAuthorization(Policies.Member)
            .WithName("ListProcedures").WithSummary("Les procédures des collectifs de l'utilisateur");
        // Anonymous callers reach it for public procedures; a private one answers 401 (anonymous) or 404 (non-member).
        group.MapGet("/{id:int}", Get).AllowAnonymous()
            .WithName("GetProcedure").WithSummary("Une procédure (publique, ou d'un de ses collectifs)");
        group.MapPost("/", Create).RequireAuthorization(Policies.Member)
            .WithName("CreateProcedure").WithSummary("Créer une procédure dans un de ses collectifs (privée par défaut)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Member)
            .WithName("UpdateProcedure").WithSummary("Modifier une procédure");
        group.MapPost("/{id:int}/events", AddEvent).RequireAuthorization(Policies.Member)
            .WithName("AddProcedureEvent").WithSummary("Ajouter un évènement daté (envoyée, reçue, réponse, enregistrée par la CADA…)");
        group.MapPost("/{id:int}/status", SetStatus).RequireAuthorization(Policies.Member)
            .WithName("SetProcedureStatus").WithSummary("Changer le statut (draft, running, answered, continued, closed)");
        group.MapPost("/{id:int}/continue", Continue).RequireAuthorization(Policies.Member)
            .WithName("ContinueProcedure").WithSummary("Poursuivre par l'étape suivante, pré-remplie (saisine de la CADA, tribunal)");
        group.MapPost("/{id:int}/publish", Publish).RequireAuthorization(Policies.Member)
            .WithName("PublishProcedure").WithSummary("Rendre la procédure publique (sans données des membres)");
        group.MapPost("/{id:int}/unpublish", Unpublish).RequireAuthorization(Policies.Member)
            .WithName("UnpublishProcedure").WithSummary("Rendre la procédure privée");
        return group;
    }

    public static async Task<Ok<List<ProcedureSummaryDto>>> List(ClaimsPrincipal user, ProcedureService procedures, CancellationToken cancellationToken) =>
        TypedResults.Ok((await procedures.ListAsync(UserId(user)!, cancellationToken))
            .Select(p => new ProcedureSummaryDto(p.Id, p.CollectiveId, p.CollectiveName, p.Kind, p.Title, p.AuthorityName,
                ProcedureCodes.StatusCodes[p.Status], p.IsPublic, p.StartOn, p.SeriesId)).ToList());

    public static async Task<IResult> Get(int id, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, HttpContext context, CancellationToken cancellationToken)
    {
        switch (await procedures.ReadAsync(id, UserId(user), cancellationToken))
        {
            case ProcedureLookup.Visible(var procedure, var collectiveName, var isMember):
                // A public procedure seen by a non-member may be unpublished tomorrow: kept by no shared cache.
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.Ok(AsDto(procedure, collectiveName, await schedule.StepsAsync(procedure, cancellationToken)));
            case ProcedureLookup.SignInRequired:
                return TypedResults.Problem(title: "Connexion requise", detail: "Cette procédure n'est visible que par les membres de son collectif : connectez-vous.", statusCode: 401);
            default:
                return NotFound();
        }
    }

    public static async Task<IResult> Create(CreateProcedureRequest request, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.CreateAsync(UserId(user)!, request.CollectiveId,
            new ProcedureInput(request.Kind, request.Title, request.AuthorityName, request.DepartementCode, request.DossierId,
                request.Subject, request.StartOn, request.MadadaUrl, request.SeriesId), cancellationToken), procedures, schedule, cancellationToken, created: true);

    public static async Task<IResult> Update(int id, ProcedureInput request, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.UpdateAsync(UserId(user)!, id, request, cancellationToken), procedures, schedule, cancellationToken);

    public static async Task<IResult> AddEvent(int id, ProcedureEventInput request, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.AddEventAsync(UserId(user)!, id, request, cancellationToken), procedures, schedule, cancellationToken);

    public static async Task<IResult> SetStatus(int id, ProcedureStatusRequest request, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.SetStatusAsync(UserId(user)!, id, request.Status, cancellationToken), procedures, schedule, cancellationToken);

    public static async Task<IResult> Continue(int id, [FromBody] ContinueProcedureRequest? request, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.ContinueAsync(UserId(user)!, id, request?.Kind, cancellationToken), procedures, schedule, cancellationToken, created: true);

    public static async Task<IResult> Publish(int id, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.SetPublicAsync(UserId(user)!, id, true, cancellationToken), procedures, schedule, cancellationToken);

    public static async Task<IResult> Unpublish(int id, ClaimsPrincipal user, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken) =>
        await Answer(await procedures.SetPublicAsync(UserId(user)!, id, false, cancellationToken), procedures, schedule, cancellationToken);

    /// <param name="deadlines">Computed from its start date by the deadline engine; empty until that date is known.</param>
    public static ProcedureDto AsDto(Procedure p, string collectiveName, IReadOnlyList<Deadlines.DeadlineStep> deadlines) => new(
        p.Id, p.CollectiveId, collectiveName, p.Kind, ProcedureCodes.KindLabel(p.Kind), p.Title, p.AuthorityName,
        p.DepartementCode, p.DossierId, p.Subject, p.StartOn, ProcedureCodes.StatusCodes[p.Status], ProcedureCodes.StatusLabels[p.Status], p.IsPublic,
        p.PreviousProcedureId, p.SeriesId, p.MadadaUrl, p.CreatedAt, p.UpdatedAt,
        [.. p.Events.Select(e => new ProcedureEventDto(e.Id, e.Kind, ProcedureCodes.EventLabel(e.Kind), e.On, e.Note))],
        [.. p.Documents.Select(d => new ProcedureDocumentDto(d.Id, d.Title, d.Received, d.On, DocumentUrl(p.Id, d.Id)))],
        ProcedureCodes.NextKinds.GetValueOrDefault(p.Kind, []),
        [.. deadlines.Select(Deadlines.DeadlineStepDto.Of)]);

    public static string DocumentUrl(int procedureId, int documentId) => $"/procedures/{procedureId}/documents/{documentId}";

    private static async Task<IResult> Answer(ProcedureChange change, ProcedureService procedures, Calendar.ProcedureSchedule schedule, CancellationToken cancellationToken, bool created = false)
    {
        switch (change)
        {
            case ProcedureChange.Done(var procedure):
                var dto = AsDto(procedure, await procedures.CollectiveNameAsync(procedure.CollectiveId, cancellationToken), await schedule.StepsAsync(procedure, cancellationToken));
                return created ? TypedResults.Created($"/api/v1/procedures/{procedure.Id}", dto) : TypedResults.Ok(dto);
            case ProcedureChange.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Procédure non enregistrée : vérifiez les champs indiqués.");
            default:
                return NotFound();
        }
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(title: "Procédure introuvable", detail: "Aucune procédure de vos collectifs ne porte ce numéro.", statusCode: 404);

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
