using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class DepartementsModel(TerritoryQueries queries) : PageModel
{
    public IReadOnlyList<IGrouping<Region, Departement>> ByRegion { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var departements = await queries.DepartementsAsync(cancellationToken);
        ByRegion = departements.GroupBy(d => d.Region!).OrderBy(g => g.Key.SearchName).ToList();
    }
}
