using Contrevue.Features.Territories.Panels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class CommuneModel(TerritoryQueries queries, TerritoryPanels panels) : PageModel
{
    public CommuneDetails Commune { get; private set; } = null!;
    public CommuneLookup.Split? Split { get; private set; }
    public IReadOnlyList<TerritoryPanelView> Panels { get; private set; } = [];

    /// <summary>The picture shared with a link to the page: the first one a panel offers.</summary>
    public TerritoryShareImage? ShareImage => Panels.Select(p => p.ShareImage).FirstOrDefault(i => i is not null);

    /// <summary><c>{key}</c> is "42218-saint-etienne", or just "42218", or a former code.</summary>
    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        var code = key.Split('-', 2)[0];
        switch (await queries.FindCommuneAsync(code, cancellationToken))
        {
            case CommuneLookup.Found(var commune):
                if (!string.Equals(key, $"{commune.Code}-{commune.Slug}", StringComparison.Ordinal))
                {
                    return RedirectPermanent(commune.CanonicalPath);
                }
                Commune = commune;
                Panels = await panels.LoadAsync(new TerritoryPanelContext(new TerritoryReference(TerritoryKind.Commune, commune.Code), commune.Name, Request), cancellationToken);
                return Page();
            case CommuneLookup.Moved(var currentCode, var slug):
                return RedirectPermanent($"/communes/{currentCode}-{slug}");
            case CommuneLookup.Split split:
                Split = split;
                return Page();
            default:
                return NotFound();
        }
    }
}
