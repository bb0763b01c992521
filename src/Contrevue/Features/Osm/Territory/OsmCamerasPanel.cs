using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Osm.Territory;

public sealed record OsmCamerasPanelModel(string TerritoryName, TerritoryReference Territory, OsmCameraCounts Counts, string OverpassQuery, string AreaArgument);

/// <summary>« OpenStreetMap connaît N caméras » on the pages of communes and départements, with the query to refresh them.</summary>
internal sealed class OsmCamerasPanel(OsmCameraQueries cameras) : ITerritoryPanel
{
    public int Order => 55;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Departement];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        var counts = await cameras.CountsAsync(context.Territory, cancellationToken);
        return new TerritoryPanelView("/Features/Osm/Territory/_OsmCameras.cshtml", new OsmCamerasPanelModel(
            context.Name, context.Territory, counts, OverpassQueries.For(context.Territory), OverpassQueries.AreaArgument(context.Territory)));
    }
}

/// <summary>Territory pages follow every import of cameras.</summary>
internal sealed class OsmDataVersionSource(OsmCameraQueries cameras) : ITerritoryDataVersionSource
{
    public Task<string> CurrentAsync(CancellationToken cancellationToken) => cameras.VersionAsync(cancellationToken);
}
