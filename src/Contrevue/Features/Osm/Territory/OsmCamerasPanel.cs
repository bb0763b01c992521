using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Osm.Territory;

/// <param name="CountedFor">For an arrondissement municipal: its city, whose figures these are (name, path); else null.</param>
public sealed record OsmCamerasPanelModel(string TerritoryName, TerritoryReference Territory, OsmCameraCounts Counts, string OverpassQuery, string AreaArgument,
    (string Name, string Path)? CountedFor = null);

/// <summary>« OpenStreetMap connaît N caméras » on the pages of communes and départements, with the query to refresh them.</summary>
internal sealed class OsmCamerasPanel(OsmCameraQueries cameras) : ITerritoryPanel
{
    public int Order => 55;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Departement];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        var territory = context.Territory;
        (string Name, string Path)? countedFor = null;
        // Cameras are placed in communes, never in the arrondissements of Paris, Lyon and Marseille: an
        // arrondissement's page shows its city's figures, said as such, and the query for the whole city.
        if (territory.Kind == TerritoryKind.Commune && await cameras.CityOfArrondissementAsync(territory.Code, cancellationToken) is { } city)
        {
            territory = new TerritoryReference(TerritoryKind.Commune, city.Code);
            countedFor = (city.Name, $"/communes/{city.Code}-{city.Slug}");
        }
        var counts = await cameras.CountsAsync(territory, cancellationToken);
        return new TerritoryPanelView("/Features/Osm/Territory/_OsmCameras.cshtml", new OsmCamerasPanelModel(
            context.Name, territory, counts, OverpassQueries.For(territory), OverpassQueries.AreaArgument(territory), countedFor));
    }
}

/// <summary>Territory pages follow every import of cameras.</summary>
internal sealed class OsmDataVersionSource(OsmCameraQueries cameras) : ITerritoryDataVersionSource
{
    public Task<string> CurrentAsync(CancellationToken cancellationToken) => cameras.VersionAsync(cancellationToken);
}
