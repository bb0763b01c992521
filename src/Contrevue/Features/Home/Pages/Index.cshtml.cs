using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Home.Pages;

/// <summary>
/// The home page: the commune search, then each feature's section (<see cref="IHomeSection"/>): the
/// campaign's « Écrire à ma mairie » first, the observatoire and its map, the procedures.
/// </summary>
[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class IndexModel(TerritoryQueries queries, HomeSections sections) : PageModel
{
    public int CommuneCount { get; private set; }
    public IReadOnlyList<HomeSectionView> Sections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var departements = await queries.DepartementsAsync(cancellationToken);
        CommuneCount = departements.Sum(d => d.CommuneCount);
        Sections = await sections.LoadAsync(cancellationToken);
    }
}
