using System.Globalization;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Map;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Home.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class IndexModel(TerritoryQueries queries, DepartementMapShapes shapes, IStringLocalizer<SharedResource> text, Observatoire.ObservatoireFigures observatoire) : PageModel
{
    public DepartementMap Map { get; private set; } = null!;
    public int CommuneCount { get; private set; }
    public int DossierCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var departements = await queries.DepartementsAsync(cancellationToken);
        CommuneCount = departements.Sum(d => d.CommuneCount);
        DossierCount = await observatoire.PublicDossierCountAsync(cancellationToken);
        Map = DepartementMap.Build(
            shapes,
            departements,
            d => d.Population,
            value => text["{0} habitants", value.ToString("N0", CultureInfo.CurrentCulture)],
            text["Carte des départements"],
            text["Population"],
            (from, to) => text["de {0} à {1}", from.ToString("N0", CultureInfo.CurrentCulture), to.ToString("N0", CultureInfo.CurrentCulture)]);
    }
}
