using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire.Proposals;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Api;

/// <summary>One dossier: read by anyone, written by moderators with an API token (the pages write for browser sessions).</summary>
public static class DossierApi
{
    public static RouteGroupBuilder MapDossierApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/dossiers").WithTags("Observatoire");
        group.MapGet("/{id:int}", Get)
            .WithName("GetDossier")
            .WithSummary("Un dossier, avec ses sources, son historique de statut et ses alertes calculées");

        group.MapPost("/{id:int}/source-proposals", ProposeSource)
            .WithAbuseResistance()
            .WithName("ProposeDossierSource")
            .WithSummary("Proposer une source pour un dossier (public) : publiée après validation par la modération");

        endpoints.MapPost("/api/v1/dossier-proposals", ProposeDossier)
            .WithAbuseResistance()
            .WithTags("Observatoire")
            .WithName("ProposeDossier")
            .WithSummary("Proposer un dossier (public) : même forme qu'un dossier, publié après validation par la modération");

        var writers = group.MapGroup("")
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Moderator, Roles.Admin));
        writers.MapPost("", Create)
            .WithName("CreateDossier")
            .WithSummary("Créer un dossier (modération) : même forme que la lecture, sources comprises");
        writers.MapPut("/{id:int}", Update)
            .WithName("UpdateDossier")
            .WithSummary("Remplacer un dossier (modération) : les sources absentes sont retirées");
        return group;
    }

    public static async Task<Results<Ok<DossierDocument>, NotFound<ProblemDetails>>> Get(
        int id, ClaimsPrincipal user, DossierService dossiers, HttpContext context, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var moderator = user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
        var dossier = await dossiers.FindAsync(id, cancellationToken);
        if (dossier is null || (dossier.IsHidden && !moderator))
        {
            return NotFound(id, dossier?.IsHidden == true, text);
        }
        context.Response.Headers.ETag = ETagOf(dossier);
        return TypedResults.Ok(dossiers.Document(dossier, includeHidden: moderator));
    }

    public static async Task<Results<Created<DossierDocument>, ValidationProblem>> Create(
        DossierDocument input, ClaimsPrincipal user, DossierService dossiers, CancellationToken cancellationToken)
    {
        switch (await dossiers.CreateAsync(input, UserId(user), cancellationToken))
        {
            case DossierChange.Saved(var dossier, _):
                return TypedResults.Created($"/api/v1/dossiers/{dossier.Id}", dossiers.Document(dossier, includeHidden: true));
            case DossierChange.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Dossier refusé : vérifiez les champs indiqués.");
            default:
                throw new InvalidOperationException("Création sans dossier.");
        }
    }

    /// <summary>
    /// With <c>If-Match</c> (the ETag of a GET), refused when the dossier changed since; without it, only
    /// the loser of simultaneous saves is refused. Either way a 409 in French, never a silent overwrite.
    /// </summary>
    public static async Task<Results<Ok<DossierDocument>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> Update(
        int id, DossierDocument input, [FromQuery] string? reason, ClaimsPrincipal user, DossierService dossiers, HttpContext context, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        int? expected = null;
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            // An ETag of another form was not given by this API: it cannot match any version.
            expected = VersionOf(ifMatch) ?? -1;
        }
        switch (await dossiers.UpdateAsync(id, input, UserId(user), reason, revertsRevisionId: null, expected, cancellationToken))
        {
            case DossierChange.Saved(var dossier, _):
                context.Response.Headers.ETag = ETagOf(dossier);
                return TypedResults.Ok(dossiers.Document(dossier, includeHidden: true));
            case DossierChange.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Dossier refusé : vérifiez les champs indiqués.");
            case DossierChange.Conflict:
                return TypedResults.Problem(
                    title: text[DossierService.ConflictTitle],
                    detail: text["{0} (GET /api/v1/dossiers/{1}, puis If-Match avec son ETag)", text[DossierService.ConflictDetail], id],
                    statusCode: StatusCodes.Status409Conflict);
            default:
                return NotFound(id, hidden: false, text);
        }
    }

    /// <summary>The ETag of a dossier's version: "v3".</summary>
    private static string ETagOf(Dossier dossier) => $"\"v{dossier.Version}\"";

    private static int? VersionOf(string etag)
    {
        var tag = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return tag is ['"', 'v', .. var digits, '"'] && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    public static async Task<Results<Accepted<ProposalStatusDto>, NotFound<ProblemDetails>, ValidationProblem>> ProposeSource(
        int id, SourceProposalInput input, SourceProposals proposals, SiteAddress site, HttpContext context, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (accepted, errors) = await proposals.ProposeAsync(id, input, site.Of(context.Request), cancellationToken);
        if (accepted is not null)
        {
            // The confirmation link goes to the contributor's mailbox, never into this answer.
            return TypedResults.Accepted((string?)null, new ProposalStatusDto(accepted.Id, accepted.Status));
        }
        return errors.ContainsKey("dossier")
            ? NotFound(id, hidden: false, text)
            : TypedResults.ValidationProblem(errors, title: "Proposition refusée : vérifiez les champs indiqués.");
    }

    public static async Task<Results<Accepted<ProposalStatusDto>, ValidationProblem>> ProposeDossier(
        DossierProposalInput input, DossierProposals proposals, SiteAddress site, HttpContext context, CancellationToken cancellationToken)
    {
        var (accepted, errors) = await proposals.ProposeAsync(input, site.Of(context.Request), cancellationToken);
        return accepted is null
            ? TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key is "contributorEmail" or "note" ? e.Key : "dossier." + e.Key, e => e.Value), title: "Proposition refusée : vérifiez les champs indiqués.")
            : TypedResults.Accepted((string?)null, new ProposalStatusDto(accepted.Id, accepted.Status));
    }

    private static NotFound<ProblemDetails> NotFound(int id, bool hidden, IStringLocalizer text) => TypedResults.NotFound(new ProblemDetails
    {
        Title = hidden ? text["Dossier masqué"] : text["Dossier introuvable"],
        Detail = hidden
            ? text["Le dossier #{0} a été signalé et reste masqué en attendant la décision d'un modérateur.", id]
            : text["Aucun dossier #{0}.", id],
        Status = 404,
    });

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
