using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Carte.Background;

/// <summary>
/// Every commune's centre, drawn as a faint dot under the data when the instance has no basemap: without
/// it a map of points floats on an empty background. Served as tiles like the other layers, so the
/// browser never holds the 35,000 points at once.
/// </summary>
internal sealed class CommuneCentresLayer(ContrevueDbContext db) : IMapLayer
{
    public const string LayerCode = "communes";

    public string Code => LayerCode;

    public string Name => "Communes";

    public string? Attribution => "Centres des communes : GeoNames (CC BY 4.0)";

    public int Order => 1000;

    public bool IsBackground => true;

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        // A territory import or a contour import moves centres: both change the count or the sum.
        var placed = db.Set<Commune>().AsNoTracking().Where(c => c.CentreLatitude != null && c.CentreLongitude != null);
        var count = await placed.CountAsync(cancellationToken);
        var sum = await placed.SumAsync(c => c.CentreLatitude!.Value + c.CentreLongitude!.Value, cancellationToken);
        return $"{count}-{sum:R}";
    }

    public async Task<IReadOnlyList<MapPoint>> PointsAsync(CancellationToken cancellationToken)
    {
        var communes = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.CentreLatitude != null && c.CentreLongitude != null)
            .OrderBy(c => c.Code)
            .Select(c => new { c.Code, c.Name, c.Slug, Latitude = c.CentreLatitude!.Value, Longitude = c.CentreLongitude!.Value, c.DepartementCode })
            .ToListAsync(cancellationToken);
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        return [.. communes.Select((c, index) => new MapPoint(index + 1, c.Latitude, c.Longitude, c.Name, $"/communes/{c.Code}-{c.Slug}", c.DepartementCode, empty))];
    }
}
