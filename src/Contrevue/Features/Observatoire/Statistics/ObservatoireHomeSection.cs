using Contrevue.Features.Home;
using Contrevue.Features.Territories.Map;

namespace Contrevue.Features.Observatoire.Statistics;

/// <summary>The home page's observatoire: how many dossiers, and the map coloured by what is documented.</summary>
public sealed record ObservatoireHomeModel(int DossierCount, DepartementMap Map);

internal sealed class ObservatoireHomeSection(ObservatoireFigures figures, ObservatoireMap map) : IHomeSection
{
    public int Order => 20;

    public async Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken) =>
        new HomeSectionView(
            "/Features/Observatoire/Statistics/_ObservatoireHome.cshtml",
            new ObservatoireHomeModel(await figures.PublicDossierCountAsync(cancellationToken), await map.BuildAsync(cancellationToken)));
}
