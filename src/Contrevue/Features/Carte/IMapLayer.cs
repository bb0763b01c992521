using Contrevue.Infrastructure;

namespace Contrevue.Features.Carte;

/// <summary>
/// A layer of points on the public map (<c>/carte</c>): the observatoire's dossiers, OpenStreetMap's cameras,
/// collectives, upcoming events. Each feature registers its own in its setup; the map enumerates them,
/// builds its tiles from their points and knows none of them by name.
/// </summary>
[Seam]
public interface IMapLayer
{
    /// <summary>Stable code used in URLs (<c>/tuiles/{code}/…</c>) and filters: <c>dossiers</c>, <c>cameras</c>…</summary>
    string Code { get; }

    /// <summary>The layer's French name, as the map's legend shows it.</summary>
    string Name { get; }

    /// <summary>Attribution shown while the layer is visible (OSM's, for the cameras), or null.</summary>
    string? Attribution { get; }

    /// <summary>Where the layer stands in the legend, the lowest first.</summary>
    int Order { get; }

    /// <summary>
    /// A layer drawn under the others to give the map its bearings when there is no basemap (the communes'
    /// centres): not offered as a layer to choose, filter or list.
    /// </summary>
    bool IsBackground => false;

    /// <summary>
    /// A value that changes whenever any point of the layer changes (an edit, an import): the map's cached
    /// tiles of this layer are rebuilt when it does. Must be cheap: it is read on every tile request.
    /// </summary>
    Task<string> VersionAsync(CancellationToken cancellationToken);

    /// <summary>Every public point of the layer.</summary>
    Task<IReadOnlyList<MapPoint>> PointsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One point of a layer. <paramref name="Properties"/> carry what the map filters and colours by
/// (status, technology, alert, kind…), as short codes; <paramref name="Label"/> and <paramref name="Path"/>
/// make the accessible list and the popup (a path on this site, never an absolute URL).
/// </summary>
[Seam]
public sealed record MapPoint(
    long Id,
    double Latitude,
    double Longitude,
    string Label,
    string? Path,
    string? DepartementCode,
    IReadOnlyDictionary<string, string> Properties);
