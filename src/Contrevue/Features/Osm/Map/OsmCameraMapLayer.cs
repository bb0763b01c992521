using Contrevue.Data;
using Contrevue.Features.Carte;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Osm.Map;

/// <summary>OpenStreetMap's cameras on the public map, under OSM's attribution. Demo cameras show too (the bench's data).</summary>
internal sealed class OsmCameraMapLayer(ContrevueDbContext db, OsmCameraQueries queries) : IMapLayer
{
    public string Code => "cameras";

    public string Name => "Caméras (OpenStreetMap)";

    public string? Attribution => Api.OsmCameraApi.Attribution;

    public int Order => 20;

    public Task<string> VersionAsync(CancellationToken cancellationToken) => queries.VersionAsync(cancellationToken);

    public async Task<IReadOnlyList<MapPoint>> PointsAsync(CancellationToken cancellationToken)
    {
        var points = new List<MapPoint>();
        var rows = db.Set<OsmCamera>().AsNoTracking()
            .Select(c => new { c.NodeId, c.Latitude, c.Longitude, c.DepartementCode, c.CommuneCode, c.SurveillanceType, c.CameraType, c.Surveillance, c.AreaKey })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var kind = OsmCameraKinds.Of(row.SurveillanceType, row.CameraType);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kind"] = kind,
                ["surveillance"] = OsmCameraKinds.Placement(row.Surveillance),
            };
            if (row.CommuneCode is not null)
            {
                properties["commune"] = row.CommuneCode;
            }
            if (row.AreaKey == Import.OsmCameraAreas.Demo)
            {
                properties["demo"] = "yes";
            }
            var label = row.AreaKey == Import.OsmCameraAreas.Demo
                ? "Caméra fictive (démonstration)"
                : $"Caméra OpenStreetMap n° {row.NodeId} : {OsmCameraKinds.KindLabel(kind)}";
            points.Add(new MapPoint(row.NodeId, row.Latitude, row.Longitude, label, "/osm", row.DepartementCode, properties));
        }
        return points;
    }
}
