using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.OpenData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Osm.OpenData;

/// <summary>
/// OpenStreetMap's cameras as imported: OSM's data under the ODbL, with its attribution, in a file of its own
/// that never joins the observatoire's. Read in batches by node id.
/// </summary>
internal sealed class OsmCamerasDataset(ContrevueDbContext db) : IOpenDataset
{
    private const int BatchSize = 5000;

    public string Name => "cameras-openstreetmap";
    public int Order => 90;
    public string Title => "Caméras d'OpenStreetMap";
    public string Description => "Les nœuds man_made=surveillance d'OpenStreetMap importés, avec leurs étiquettes et la commune où ils se trouvent. Données d'OpenStreetMap, pas de Contrevue.";
    public OpenDataLicence Licence => OpenDataLicence.OpenStreetMap;
    public bool HasPoints => true;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("osm_id", OpenDataType.Text, "Le nœud OpenStreetMap (node/123), à voir sur openstreetmap.org."),
        new("version", OpenDataType.WholeNumber, "Version du nœud dans OpenStreetMap."),
        new("longitude", OpenDataType.Number, "Longitude WGS 84."),
        new("latitude", OpenDataType.Number, "Latitude WGS 84."),
        new("surveillance", OpenDataType.Text, "Étiquette surveillance : public, outdoor, indoor."),
        new("surveillance_type", OpenDataType.Text, "Étiquette surveillance:type : camera, guard, ALPR."),
        new("zone", OpenDataType.Text, "Étiquette surveillance:zone."),
        new("camera_type", OpenDataType.Text, "Étiquette camera:type : fixed, dome, panning."),
        new("camera_mount", OpenDataType.Text, "Étiquette camera:mount."),
        new("camera_direction", OpenDataType.Text, "Étiquette camera:direction."),
        new("operator", OpenDataType.Text, "Étiquette operator."),
        new("start_date", OpenDataType.Text, "Étiquette start_date."),
        new("tags", OpenDataType.Text, "Toutes les étiquettes du nœud, en objet JSON."),
        new("commune", OpenDataType.Text, "Code INSEE de la commune où il se trouve."),
        new("departement", OpenDataType.Text, "Code du département."),
        new("placement_approche", OpenDataType.Boolean, "Commune déduite du centre le plus proche, faute de contour."),
        new("exporte_le", OpenDataType.DateTime, "Date de l'export OpenStreetMap qui l'a donné."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = long.MinValue;
        while (true)
        {
            var batch = await db.Set<OsmCamera>().AsNoTracking().Where(c => c.NodeId > after).OrderBy(c => c.NodeId).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var camera in batch)
            {
                yield return new OpenDataRow(
                [
                    $"node/{camera.NodeId}", camera.Version, Math.Round(camera.Longitude, 7), Math.Round(camera.Latitude, 7), camera.Surveillance,
                    camera.SurveillanceType, camera.Zone, camera.CameraType, camera.CameraMount, camera.CameraDirection, camera.Operator,
                    camera.StartDate, camera.TagsJson, camera.CommuneCode, camera.DepartementCode, camera.PlacementApproximate, camera.ExportedAt,
                ], camera.Longitude, camera.Latitude);
            }
            if (batch.Count < BatchSize)
            {
                yield break;
            }
            after = batch[^1].NodeId;
        }
    }
}
