using System.Globalization;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>The JSON body of <c>POST</c> and <c>PUT /api/v1/newsletter/mailings</c>.</summary>
public sealed record MailingRequest(string? Subject, string? Markdown, List<string>? Lists, List<string>? Topics);

/// <summary>The optional body of <c>POST …/{id}/send</c>: when (ISO 8601 with its offset); absent or past: now.</summary>
public sealed record MailingSendRequest(string? At);

public sealed record MailingCreatedDto(int Id, string Url);

public sealed record MailingCountersDto(int Queued, int Sent, int Failed, int Bounced, int Skipped, int Unsubscribed);

public sealed record MailingDto(
    int Id, string Subject, string Markdown, IReadOnlyList<string> Lists, IReadOnlyList<string> Topics, string Status,
    DateTime CreatedAt, DateTime? ScheduledAt, DateTime? SendAt, DateTime? CompletedAt, int Audience, MailingCountersDto Counters, string Url);

/// <summary>
/// Mailings for organisers' tools, with an API token (or a session and its antiforgery header): compose a
/// draft, change or delete it, schedule it (its deliveries are queued at once), pause and resume it, read
/// its counters. Only the organisers of every list of a mailing see it; to anyone else it does not exist.
/// </summary>
public static class MailingApi
{
    /// <summary>A 50,000-character Markdown, escaped in JSON, and the rest: refused before being read beyond.</summary>
    public const long MaxJsonBytes = 400 * 1024;

    public static RouteGroupBuilder MapMailingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/newsletter/mailings").WithTags("Lettre d'information")
            .RequireAuthorization(Policies.Member)
            .RequireRateLimiting(MailingRateLimits.Writes);
        group.MapPost("/", Create).WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes))
            .WithName("CreateMailing").WithSummary("Écrire une lettre (brouillon) : objet, texte Markdown, listes et thèmes");
        group.MapGet("/{id:int}", Get)
            .WithName("GetMailing").WithSummary("Une lettre : état, audience et compteurs (en file, envoyés, échecs, rebonds, ignorés, désinscrits)");
        group.MapPut("/{id:int}", Update).WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes))
            .WithName("UpdateMailing").WithSummary("Modifier un brouillon");
        group.MapDelete("/{id:int}", Delete)
            .WithName("DeleteMailing").WithSummary("Supprimer un brouillon");
        group.MapPost("/{id:int}/send", Send).WithMetadata(new RequestSizeLimitAttribute(4 * 1024))
            .WithName("SendMailing").WithSummary("Programmer l'envoi, maintenant ou à une date (« at », ISO 8601, au plus un an à l'avance)");
        group.MapPost("/{id:int}/pause", Pause)
            .WithName("PauseMailing").WithSummary("Mettre en pause une lettre programmée");
        group.MapPost("/{id:int}/resume", Resume)
            .WithName("ResumeMailing").WithSummary("Reprendre une lettre en pause");
        return group;
    }

    public static async Task<IResult> Create(MailingRequest? body, HttpContext context, MailingService mailings, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return NoJson(text);
        }
        return await mailings.CreateAsync(context.User, body.AsInput(), cancellationToken) switch
        {
            MailingChange.Done(var mailing) => TypedResults.Created($"/api/v1/newsletter/mailings/{mailing.Id}", new MailingCreatedDto(mailing.Id, PageUrl(site, mailing.Id))),
            var change => Refusal(change, text),
        };
    }

    public static async Task<Results<Ok<MailingDto>, ProblemHttpResult>> Get(int id, HttpContext context, MailingService mailings, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "private, no-store";
        if (await mailings.FindAsync(context.User, id, cancellationToken) is not { } mailing)
        {
            return NotFound(text);
        }
        return TypedResults.Ok(await DocumentAsync(mailing, mailings, site, cancellationToken));
    }

    public static async Task<IResult> Update(int id, MailingRequest? body, HttpContext context, MailingService mailings, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return NoJson(text);
        }
        return await mailings.UpdateAsync(context.User, id, body.AsInput(), cancellationToken) switch
        {
            MailingChange.Done(var mailing) => TypedResults.Ok(await DocumentAsync(mailing, mailings, site, cancellationToken)),
            var change => Refusal(change, text),
        };
    }

    public static async Task<IResult> Delete(int id, HttpContext context, MailingService mailings, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await mailings.DeleteAsync(context.User, id, cancellationToken) switch
        {
            MailingChange.Done => TypedResults.NoContent(),
            var change => Refusal(change, text),
        };

    public static async Task<IResult> Send(int id, MailingSendRequest? body, HttpContext context, MailingService mailings, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(body?.At))
        {
            if (!DateTimeOffset.TryParse(body.At, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !HasOffset(body.At))
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["at"] = [text["Date illisible : écrivez-la en ISO 8601 avec son décalage, par exemple 2026-12-10T09:00:00+01:00."].Value] },
                    title: text["Requête refusée : vérifiez les champs indiqués."].Value);
            }
            at = parsed;
        }
        return await mailings.ScheduleAsync(context.User, id, at, cancellationToken) switch
        {
            MailingChange.Done(var mailing) => TypedResults.Accepted($"/api/v1/newsletter/mailings/{mailing.Id}", await DocumentAsync(mailing, mailings, site, cancellationToken)),
            var change => Refusal(change, text),
        };
    }

    public static async Task<IResult> Pause(int id, HttpContext context, MailingService mailings, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await mailings.PauseAsync(context.User, id, cancellationToken) switch
        {
            MailingChange.Done(var mailing) => TypedResults.Ok(await DocumentAsync(mailing, mailings, site, cancellationToken)),
            var change => Refusal(change, text),
        };

    public static async Task<IResult> Resume(int id, HttpContext context, MailingService mailings, SiteAddress site, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await mailings.ResumeAsync(context.User, id, cancellationToken) switch
        {
            MailingChange.Done(var mailing) => TypedResults.Ok(await DocumentAsync(mailing, mailings, site, cancellationToken)),
            var change => Refusal(change, text),
        };

    public static string StatusCode(MailingStatus status) => status.ToString().ToLowerInvariant();

    private static MailingInput AsInput(this MailingRequest body) => new(body.Subject, body.Markdown, body.Lists, body.Topics);

    private static async Task<MailingDto> DocumentAsync(Mailing mailing, MailingService mailings, SiteAddress site, CancellationToken cancellationToken)
    {
        var counters = await mailings.CountersAsync(mailing.Id, cancellationToken);
        return new MailingDto(
            mailing.Id, mailing.Subject, mailing.Markdown, MailingService.ListCodes(mailing), NewsletterTopics.Split(mailing.Topics), StatusCode(mailing.Status),
            mailing.CreatedAt, mailing.ScheduledAt, mailing.SendAt, mailing.CompletedAt, await mailings.AudienceAsync(mailing, cancellationToken),
            new MailingCountersDto(counters.Queued, counters.Sent, counters.Failed, counters.Bounced, counters.Skipped, counters.Unsubscribed),
            PageUrl(site, mailing.Id));
    }

    private static string PageUrl(SiteAddress site, int id) => $"{site.WithoutRequest}/envois/{id}";

    /// <summary>Whether an instant's text says its offset (Z or ±hh:mm): a bare local time is ambiguous.</summary>
    private static bool HasOffset(string value)
    {
        var time = value.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (time < 0)
        {
            return false;
        }
        var rest = value[time..];
        return rest.EndsWith('Z') || rest.EndsWith('z') || rest.Contains('+', StringComparison.Ordinal) || rest.Contains('-', StringComparison.Ordinal);
    }

    private static IResult NoJson(IStringLocalizer text) =>
        TypedResults.Problem(title: text["Requête invalide"].Value, detail: text["Envoyez la lettre en JSON."].Value, statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult NotFound(IStringLocalizer text) =>
        TypedResults.Problem(title: text["Lettre introuvable"].Value, detail: text["Aucune lettre de ce numéro parmi celles des listes que vous organisez."].Value, statusCode: StatusCodes.Status404NotFound);

    private static IResult Refusal(MailingChange change, IStringLocalizer text) => change switch
    {
        MailingChange.Invalid(var errors) => TypedResults.ValidationProblem(errors, title: text["Requête refusée : vérifiez les champs indiqués."].Value),
        MailingChange.Forbidden(var reason) => TypedResults.Problem(title: text["Action refusée"].Value, detail: reason, statusCode: StatusCodes.Status403Forbidden),
        MailingChange.Conflict(var reason) => TypedResults.Problem(title: text["Action impossible dans cet état"].Value, detail: reason, statusCode: StatusCodes.Status409Conflict),
        MailingChange.NoAudience(var reason) => TypedResults.Problem(title: text["Aucun destinataire"].Value, detail: reason, statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => NotFound(text),
    };
}
