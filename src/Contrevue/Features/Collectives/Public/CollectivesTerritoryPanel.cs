using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Collectives.Public;

public sealed record TerritoryCollectives(string TerritoryName, IReadOnlyList<ListedCollective> Collectives);

/// <summary>
/// « Collectifs près de chez vous » on the pages of communes, EPCI, départements and régions: the listed
/// collectives covering the place (<see cref="CollectiveCoverage.CoveringAsync"/>), and the way to join.
/// Right after the campaign's status, before the posters: finding the people next door is the next step.
/// </summary>
internal sealed class CollectivesTerritoryPanel(CollectiveCoverage coverage) : ITerritoryPanel
{
    public int Order => 150;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Epci, TerritoryKind.Departement, TerritoryKind.Region];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken) =>
        new TerritoryPanelView("/Features/Collectives/Public/_TerritoryCollectives.cshtml",
            new TerritoryCollectives(context.Name, await coverage.CoveringAsync(context.Territory, cancellationToken)));
}
