using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Calendar;

/// <summary>
/// Public calendar files: one event, every event, a département's, a listed collective's. Feeds hold the
/// events still to come and those of the last 30 days, so a calendar keeps a past meeting and learns of
/// a cancellation.
/// </summary>
public static class EventCalendarEndpoints
{
    private static readonly TimeSpan PastKept = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapEventCalendars(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/agenda/{id:int}.ics", One).CacheOutput(EventsCache.FeedPolicy)
            .WithTags("Agenda").WithName("EventCalendar").WithSummary("Un rendez-vous au format iCalendar");
        endpoints.MapGet("/agenda.ics", All).CacheOutput(EventsCache.FeedPolicy)
            .WithTags("Agenda").WithName("AgendaCalendar").WithSummary("Tous les rendez-vous à venir, au format iCalendar");
        endpoints.MapGet("/agenda/departements/{code}.ics", OfDepartement).CacheOutput(EventsCache.FeedPolicy)
            .WithTags("Agenda").WithName("DepartementAgendaCalendar").WithSummary("Les rendez-vous d'un département, au format iCalendar");
        endpoints.MapGet("/collectifs/{id:int}/agenda.ics", OfCollective).CacheOutput(EventsCache.FeedPolicy)
            .WithTags("Agenda").WithName("CollectiveAgendaCalendar").WithSummary("Les rendez-vous d'un collectif listé, au format iCalendar");
        return endpoints;
    }

    private static async Task<IResult> One(int id, ContrevueDbContext db, EventDocuments documents, SiteAddress site, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var found = await db.Set<Event>().AsNoTracking().Where(e => e.Id == id).ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            return Results.NotFound();
        }
        return await FileAsync(found[0].Title, found, documents, site, time, http, $"rendez-vous-{id}", cancellationToken);
    }

    private static async Task<IResult> All(ContrevueDbContext db, EventDocuments documents, SiteAddress site, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        await FileAsync("Contrevue — agenda", await Current(db, time).ToListAsync(cancellationToken), documents, site, time, http, "agenda", cancellationToken);

    private static async Task<IResult> OfDepartement(string code, ContrevueDbContext db, EventDocuments documents, SiteAddress site, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var departement = code.EndsWith(".ics", StringComparison.Ordinal) ? code[..^4] : code;
        departement = departement.ToUpperInvariant();
        if (await db.NameOfAsync(new TerritoryReference(TerritoryKind.Departement, departement), cancellationToken) is not { } name)
        {
            return Results.NotFound();
        }
        var events = await Current(db, time).Where(e => e.DepartementCode == departement).ToListAsync(cancellationToken);
        return await FileAsync($"Contrevue — agenda : {name}", events, documents, site, time, http, $"agenda-{departement}", cancellationToken);
    }

    private static async Task<IResult> OfCollective(int id, ContrevueDbContext db, CollectiveDirectory collectives, EventDocuments documents, SiteAddress site, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        // Only a listed collective has public pages, and so a public agenda.
        if (!(await collectives.PublicAsync([id], cancellationToken)).TryGetValue(id, out var collective) || collective.ProfilePath is null)
        {
            return Results.NotFound();
        }
        var events = await Current(db, time).Where(e => e.CollectiveId == id).ToListAsync(cancellationToken);
        return await FileAsync($"Contrevue — {collective.Name}", events, documents, site, time, http, $"agenda-collectif-{id}", cancellationToken);
    }

    private static IQueryable<Event> Current(ContrevueDbContext db, TimeProvider time)
    {
        var since = (time.GetUtcNow() - PastKept).UtcDateTime;
        return db.Set<Event>().AsNoTracking().Where(e => e.LastEndUtc == null || e.LastEndUtc > since).OrderBy(e => e.Id);
    }

    private static async Task<IResult> FileAsync(string name, List<Event> events, EventDocuments documents, SiteAddress site, TimeProvider time, HttpContext http, string fileName, CancellationToken cancellationToken)
    {
        var organisers = (await documents.OrganisersAsync(events, cancellationToken)).ToDictionary(o => o.Key, o => o.Value.Name);
        var places = await documents.TerritoryNamesAsync(events, cancellationToken);
        var ics = EventCalendarFile.Render(name, events, organisers, places, time.GetUtcNow(), site.Of(http.Request));
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}.ics\"";
        return Results.Text(ics, EventCalendarFile.ContentType + "; charset=utf-8");
    }
}
