using Contrevue.Features.Territories.Panels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class EpciModel(TerritoryQueries queries, TerritoryPanels panels) : PageModel
{
    public Epci Epci { get; private set; } = null!;
    public CommuneListing Communes { get; private set; } = null!;
    public IReadOnlyList<TerritoryPanelView> Panels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, string? tri, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        var epci = await queries.FindEpciAsync(key.Split('-', 2)[0], cancellationToken);
        if (epci is null)
        {
            return NotFound();
        }
        var canonical = $"/epci/{epci.Siren}-{epci.Slug}";
        if (key != $"{epci.Siren}-{epci.Slug}")
        {
            return RedirectPermanent(canonical + Request.QueryString);
        }
        Epci = epci;
        Panels = await panels.LoadAsync(new TerritoryPanelContext(new TerritoryReference(TerritoryKind.Epci, epci.Siren), epci.Name, Request), cancellationToken);
        var result = await queries.CommunesAsync(new CommuneFilter.InEpci(epci.Siren),
            CommuneListing.ParseSort(tri), pageNumber ?? 1, CommuneListing.PageSize, cancellationToken);
        Communes = new CommuneListing(result, canonical);
        return Page();
    }
}
