using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class RegionsModel(TerritoryQueries queries) : PageModel
{
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Regions = await queries.RegionsAsync(cancellationToken);
}
