using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Carte;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Map;

/// <summary>
/// The upcoming events on the map: those not cancelled, not over, held in a commune (at its centre; the street
/// address stays on the event's page). Online-only events and events placed in a wider territory have no point.
/// </summary>
internal sealed class EventMapLayer(ContrevueDbContext db, TerritoryQueries territories, TimeProvider time) : IMapLayer
{
    public string Code => "evenements";

    public string Name => "Rendez-vous à venir";

    public string? Attribution => null;

    public int Order => 40;

    private IQueryable<Event> Upcoming(DateTime now) => db.Set<Event>().AsNoTracking()
        .Where(e => !e.Cancelled && (e.LastEndUtc == null || e.LastEndUtc > now)
            && e.PlaceTerritoryKind == TerritoryKind.Commune && e.PlaceTerritoryCode != null);

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        // Every event row counts (a cancellation or an edit changes the layer); the date too, since events end.
        var all = db.Set<Event>().AsNoTracking();
        var count = await all.CountAsync(cancellationToken);
        var latest = await all.MaxAsync(e => (DateTime?)e.UpdatedAt, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return $"{count}-{latest?.Ticks ?? 0}-{now:yyyyMMddHH}";
    }

    public async Task<IReadOnlyList<MapPoint>> PointsAsync(CancellationToken cancellationToken)
    {
        var centres = await territories.CommuneCentresAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var events = await Upcoming(now)
            .Select(e => new { e.Id, e.Title, e.Kind, e.LocalStart, e.Recurrence, e.PlaceTerritoryCode })
            .ToListAsync(cancellationToken);
        var points = new List<MapPoint>(events.Count);
        foreach (var item in events)
        {
            if (!centres.TryGetValue(item.PlaceTerritoryCode!, out var centre))
            {
                continue;
            }
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kind"] = item.Kind,
                ["start"] = item.LocalStart,
                ["recurring"] = item.Recurrence is null ? "no" : "yes",
                ["position"] = "commune",
            };
            var slug = Infrastructure.Text.SearchText.Slug(item.Title);
            points.Add(new MapPoint(item.Id, centre.Latitude, centre.Longitude, item.Title,
                string.Create(CultureInfo.InvariantCulture, $"/agenda/{item.Id}-{slug}"), centre.DepartementCode, properties));
        }
        return points;
    }
}
