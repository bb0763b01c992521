using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Territory;

public sealed record UpcomingEventsPanelModel(string TerritoryName, IReadOnlyList<EventOccurrenceDto> Items, IReadOnlyList<string> Departements);

/// <summary>« Prochains rendez-vous » on the pages of communes, EPCI and départements: the events of the territory's département(s).</summary>
internal sealed class UpcomingEventsPanel(EventService events, EventDocuments documents, ContrevueDbContext db, TimeProvider time) : ITerritoryPanel
{
    public const int Shown = 5;
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(90);

    public int Order => 45;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Epci, TerritoryKind.Departement];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        var code = context.Territory.Code;
        List<string> departements = context.Territory.Kind switch
        {
            TerritoryKind.Departement => [code],
            TerritoryKind.Commune => await db.Set<Commune>().Where(c => c.Code == code).Select(c => c.DepartementCode).ToListAsync(cancellationToken),
            _ => await db.Set<Commune>().Where(c => c.EpciSiren == code).Select(c => c.DepartementCode).Distinct().OrderBy(d => d).ToListAsync(cancellationToken),
        };
        if (departements.Count == 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var (occurrences, _) = await events.OccurrencesAsync(new EventQuery(now, now.Add(Ahead), Departements: departements), Shown, cancellationToken);
        if (occurrences.Count == 0)
        {
            return null;
        }
        return new TerritoryPanelView("/Features/Events/Territory/_UpcomingEvents.cshtml",
            new UpcomingEventsPanelModel(context.Name, await documents.OccurrencesAsync(occurrences, cancellationToken), departements));
    }
}

/// <summary>Territory pages follow the last change of any event (every write sets its <see cref="Event.UpdatedAt"/>).</summary>
internal sealed class EventDataVersionSource(ContrevueDbContext db) : ITerritoryDataVersionSource
{
    public async Task<string> CurrentAsync(CancellationToken cancellationToken) =>
        $"{(await db.Set<Event>().MaxAsync(e => (DateTime?)e.UpdatedAt, cancellationToken))?.Ticks}";
}
