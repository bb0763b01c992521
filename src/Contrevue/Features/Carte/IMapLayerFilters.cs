using Contrevue.Infrastructure;

namespace Contrevue.Features.Carte;

/// <summary>
/// What a layer can be filtered by on the map (the dossiers: technology, status, alert). A layer that
/// implements it is filterable by these properties of its points; the map builds its form from them and
/// refuses any other value.
/// </summary>
[Seam]
public interface IMapLayerFilters
{
    IReadOnlyList<MapFilter> Filters { get; }
}

/// <summary>
/// A filter: <paramref name="Property"/> is the key of <see cref="MapPoint.Properties"/> it reads (a value
/// may hold several codes separated by spaces), <paramref name="Parameter"/> the query parameter's name.
/// </summary>
[Seam]
public sealed record MapFilter(string Parameter, string Property, string Label, IReadOnlyList<MapFilterOption> Options);

[Seam]
public sealed record MapFilterOption(string Code, string Label);
