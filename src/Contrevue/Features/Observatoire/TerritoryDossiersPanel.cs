using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Observatoire;

/// <summary>Every territory page's dossiers of the observatoire.</summary>
internal sealed class TerritoryDossiersPanel(TerritoryDossierQueries dossiers) : ITerritoryPanel
{
    public int Order => 50;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Epci, TerritoryKind.Departement, TerritoryKind.Region];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken) =>
        new TerritoryPanelView("/Features/Observatoire/Pages/_TerritoryDossiers.cshtml", await dossiers.ForAsync(context.Territory, context.Name, cancellationToken));
}
