using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class SearchModel(TerritorySearch search) : PageModel
{
    public const int CommuneLimit = 50;

    public SearchResults Results { get; private set; } = new("", [], [], []);
    public bool QueryTooLong { get; private set; }

    public async Task OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        if (q is { Length: > TerritorySearch.MaxQueryLength })
        {
            QueryTooLong = true;
            q = q[..TerritorySearch.MaxQueryLength];
        }
        Results = await search.SearchAsync(q, CommuneLimit, cancellationToken);
    }
}
