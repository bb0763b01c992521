using System.Globalization;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events;

/// <summary>
/// The agenda for machines: reads for anyone (never an online link), writes for a collective's members
/// (its events) and moderators (national events), with a session or an API token.
/// </summary>
public static class EventApi
{
    public const int DefaultWindowDays = 90;
    public const int MaxItems = 500;

    public static RouteGroupBuilder MapEventApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/events").WithTags("Agenda");
        group.MapGet("/", List).CacheOutput(EventsCache.Policy)
            .WithName("ListEvents")
            .WithSummary("Les occurrences des rendez-vous dans une fenêtre (par défaut les 90 prochains jours, au plus un an), filtrées par territoire, type, collectif");
        group.MapGet("/{id:int}", Get).CacheOutput(EventsCache.Policy)
            .WithName("GetEvent").WithSummary("Un rendez-vous (jamais son lien de connexion, sauf pour ses organisateurs)");
        group.MapPost("/", Create).RequireAuthorization(Policies.Member)
            .WithName("CreateEvent").WithSummary("Publier un rendez-vous d'un de ses collectifs, ou national (modération)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Member)
            .WithName("UpdateEvent").WithSummary("Modifier un rendez-vous (ses organisateurs)");
        group.MapPost("/{id:int}/cancel", Cancel).RequireAuthorization(Policies.Member)
            .WithName("CancelEvent").WithSummary("Annuler un rendez-vous (ses organisateurs)");
        return group;
    }

    public static async Task<Results<Ok<EventListDto>, ValidationProblem>> List(
        string? territory, string? from, string? to, string? kind, int? collective,
        EventService events, EventDocuments documents, TimeProvider time, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        TerritoryReference? reference = null;
        if (!string.IsNullOrWhiteSpace(territory))
        {
            if (TerritoryReference.TryParse(territory, out var parsed))
            {
                reference = parsed;
            }
            else
            {
                errors["territory"] = ["Territoire illisible : 42218, departement:42, epci:244200770 ou region:84."];
            }
        }
        if (kind is not null && !EventCodes.IsKind(kind))
        {
            errors["kind"] = ["Type de rendez-vous inconnu : " + string.Join(", ", EventCodes.Kinds.Select(k => k.Code)) + "."];
        }
        var start = ParseBound(from, "from", errors, text) ?? time.GetUtcNow();
        var end = ParseBound(to, "to", errors, text, endOfDay: true) ?? start.AddDays(DefaultWindowDays);
        if (errors.Count == 0 && end <= start)
        {
            errors["to"] = ["La fin de la fenêtre (to) doit venir après son début (from)."];
        }
        else if (errors.Count == 0 && end - start > EventService.MaxWindow)
        {
            errors["to"] = ["La fenêtre (from, to) couvre au plus un an."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Requête refusée : vérifiez les paramètres indiqués.");
        }
        var (occurrences, truncated) = await events.OccurrencesAsync(new EventQuery(start, end, kind, collective, reference), MaxItems, cancellationToken);
        return TypedResults.Ok(new EventListDto(start, end, await documents.OccurrencesAsync(occurrences, cancellationToken), truncated));
    }

    /// <summary>A date (Paris day) or an instant with its offset; null when absent, recorded as an error when unreadable.</summary>
    private static DateTimeOffset? ParseBound(string? value, string field, Dictionary<string, string[]> errors, IStringLocalizer text, bool endOfDay = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is > 1999 and < 2101)
        {
            return EventTime.ToParis((endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue));
        }
        if (DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && instant.Year is > 1999 and < 2101)
        {
            return instant;
        }
        errors[field] = [text["« {0} » s'écrit AAAA-MM-JJ ou en ISO 8601 avec décalage : 2027-03-10T18:30:00+01:00.", field]];
        return null;
    }

    public static async Task<Results<Ok<EventDto>, ProblemHttpResult>> Get(
        int id, ClaimsPrincipal user, EventService events, EventDocuments documents, HttpContext context, CancellationToken cancellationToken)
    {
        if (await events.FindAsync(id, cancellationToken) is not { } found)
        {
            return NotFound(id);
        }
        var organiser = user.Identity?.IsAuthenticated == true && await events.MayWriteAsync(user, found.CollectiveId, cancellationToken);
        if (organiser)
        {
            context.Response.Headers.CacheControl = "private, no-store";
        }
        return TypedResults.Ok(await documents.DocumentAsync(found, withOnlineUrl: organiser, cancellationToken));
    }

    public static async Task<IResult> Create(EventInput input, ClaimsPrincipal user, EventService events, EventDocuments documents, CancellationToken cancellationToken) =>
        await Answer(await events.CreateAsync(user, input, cancellationToken), 0, documents, cancellationToken, created: true);

    public static async Task<IResult> Update(int id, EventInput input, ClaimsPrincipal user, EventService events, EventDocuments documents, CancellationToken cancellationToken) =>
        await Answer(await events.UpdateAsync(user, id, input, cancellationToken), id, documents, cancellationToken);

    public static async Task<IResult> Cancel(int id, ClaimsPrincipal user, EventService events, EventDocuments documents, CancellationToken cancellationToken) =>
        await Answer(await events.CancelAsync(user, id, cancellationToken), id, documents, cancellationToken);

    private static async Task<IResult> Answer(EventChange change, int id, EventDocuments documents, CancellationToken cancellationToken, bool created = false)
    {
        switch (change)
        {
            case EventChange.Done(var saved):
                var document = await documents.DocumentAsync(saved, withOnlineUrl: true, cancellationToken);
                return created ? TypedResults.Created($"/api/v1/events/{saved.Id}", document) : TypedResults.Ok(document);
            case EventChange.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Rendez-vous non enregistré : vérifiez les champs indiqués.");
            case EventChange.Forbidden(var reason):
                return TypedResults.Problem(title: "Action réservée aux organisateurs", detail: reason, statusCode: StatusCodes.Status403Forbidden);
            default:
                return NotFound(id);
        }
    }

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(title: "Rendez-vous introuvable", detail: string.Format(System.Globalization.CultureInfo.InvariantCulture, "Aucun rendez-vous n° {0}.", id), statusCode: StatusCodes.Status404NotFound);
}
