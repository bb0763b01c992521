using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Pages;

/// <summary>
/// The public agenda: the occurrences to come as a list (90 days) or a month as a grid, filtered by kind,
/// département and collective through a plain GET form, so it works without JavaScript.
/// </summary>
[OutputCache(PolicyName = EventsCache.Policy)]
public sealed class AgendaModel(EventService events, EventDocuments documents, Collectives.CollectiveDirectory collectives, ContrevueDbContext db, TimeProvider time) : PageModel
{
    public const int ListDays = 90;
    public const int MaxListed = 200;

    [BindProperty(SupportsGet = true, Name = "type")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "departement")] public string? Departement { get; set; }
    [BindProperty(SupportsGet = true, Name = "collectif")] public int? Collective { get; set; }
    [BindProperty(SupportsGet = true, Name = "vue")] public string? View { get; set; }
    /// <summary>"2027-03": the month shown by the month view.</summary>
    [BindProperty(SupportsGet = true, Name = "mois")] public string? Month { get; set; }

    public bool MonthView => View == "mois";
    public DateOnly FirstOfMonth { get; private set; }
    public List<EventOccurrenceDto> Items { get; private set; } = [];
    public bool Truncated { get; private set; }
    public List<(string Code, string Name)> Departements { get; private set; } = [];
    public List<(int Id, string Name)> Collectives { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Kind = EventCodes.IsKind(Kind) ? Kind : null;
        Departements = [.. (await db.Set<Departement>().AsNoTracking().OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(cancellationToken))
            .Select(d => (d.Code, d.Name))];
        Departement = Departements.Any(d => d.Code == Departement?.Trim().ToUpperInvariant()) ? Departement!.Trim().ToUpperInvariant() : null;
        var today = ParisCalendar.Today(time);
        FirstOfMonth = DateOnly.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is > 1999 and < 2101
            ? month
            : new DateOnly(today.Year, today.Month, 1);
        var (from, to) = MonthView
            ? (EventTime.ToParis(FirstOfMonth.ToDateTime(TimeOnly.MinValue)), EventTime.ToParis(FirstOfMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue)))
            : (time.GetUtcNow(), time.GetUtcNow().AddDays(ListDays));
        var territory = Departement is null ? (TerritoryReference?)null : new TerritoryReference(TerritoryKind.Departement, Departement);
        var (occurrences, truncated) = await events.OccurrencesAsync(new EventQuery(from, to, Kind, Collective, territory), MaxListed, cancellationToken);
        Items = await documents.OccurrencesAsync(occurrences, cancellationToken);
        Truncated = truncated;
        // The collectives offered by the filter: those with events to come whose profile is public.
        var now = time.GetUtcNow().UtcDateTime;
        var organising = await db.Set<Event>().AsNoTracking().Where(e => e.CollectiveId != null && (e.LastEndUtc == null || e.LastEndUtc > now))
            .Select(e => e.CollectiveId!.Value).Distinct().ToListAsync(cancellationToken);
        var organisers = organising.Count == 0 ? [] : await collectives.PublicAsync(organising, cancellationToken);
        Collectives = [.. organisers.Values.Where(c => c.ProfilePath is not null).OrderBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true)).Select(c => (c.Id, c.Name))];
    }

    /// <summary>The agenda's address with the current filters and the given view or month.</summary>
    public string Link(string? view = null, DateOnly? month = null)
    {
        var query = new List<string>();
        if (Kind is not null) query.Add("type=" + Uri.EscapeDataString(Kind));
        if (Departement is not null) query.Add("departement=" + Uri.EscapeDataString(Departement));
        if (Collective is not null) query.Add("collectif=" + Collective.Value.ToString(CultureInfo.InvariantCulture));
        if ((view ?? View) == "mois")
        {
            query.Add("vue=mois");
            query.Add("mois=" + (month ?? FirstOfMonth).ToString("yyyy-MM", CultureInfo.InvariantCulture));
        }
        return "/agenda" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
