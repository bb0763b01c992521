using Contrevue.Data;
using Contrevue.Features.Carte;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives.Map;

/// <summary>
/// The listed collectives on the map, one point per commune they cover (at its centre); a collective that
/// covers only wider territories (an EPCI, a département) has no point: its area is not one place.
/// </summary>
internal sealed class CollectiveMapLayer(ContrevueDbContext db, TerritoryQueries territories) : IMapLayer
{
    public string Code => "collectifs";

    public string Name => "Collectifs";

    public string? Attribution => null;

    public int Order => 30;

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var listed = db.Set<Collective>().AsNoTracking().Where(c => c.Listed);
        var count = await listed.CountAsync(cancellationToken);
        var ids = await listed.SumAsync(c => (long)c.Id, cancellationToken);
        // Nullable: no listed collective at all is a version too, not an error.
        var latest = await listed.MaxAsync(c => (DateTime?)(c.UpdatedAt ?? c.CreatedAt), cancellationToken);
        var places = await db.Set<CollectiveTerritory>().AsNoTracking().CountAsync(t => t.TerritoryKind == TerritoryKind.Commune, cancellationToken);
        return $"{count}-{ids}-{latest?.Ticks ?? 0}-{places}";
    }

    public async Task<IReadOnlyList<MapPoint>> PointsAsync(CancellationToken cancellationToken)
    {
        var centres = await territories.CommuneCentresAsync(cancellationToken);
        var collectives = await db.Set<Collective>().AsNoTracking().Where(c => c.Listed)
            .Select(c => new { c.Id, c.Name, Communes = c.Territories.Where(t => t.TerritoryKind == TerritoryKind.Commune).Select(t => t.TerritoryCode).ToList() })
            .ToListAsync(cancellationToken);
        var points = new List<MapPoint>();
        foreach (var collective in collectives)
        {
            var path = $"/collectifs/{Infrastructure.Text.SearchText.Slug(collective.Name)}";
            foreach (var commune in collective.Communes)
            {
                if (centres.TryGetValue(commune, out var centre))
                {
                    // One id per (collective, commune): a collective of several communes is several points.
                    points.Add(new MapPoint(collective.Id * 100_000L + long.Parse(commune.Replace("A", "0", StringComparison.Ordinal).Replace("B", "1", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
                        centre.Latitude, centre.Longitude, collective.Name, path, centre.DepartementCode,
                        new Dictionary<string, string>(StringComparer.Ordinal) { ["commune"] = commune }));
                }
            }
        }
        return points;
    }
}
