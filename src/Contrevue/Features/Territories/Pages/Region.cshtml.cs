using Contrevue.Features.Territories.Panels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class RegionModel(TerritoryQueries queries, TerritoryPanels panels) : PageModel
{
    public Region Region { get; private set; } = null!;
    public IReadOnlyList<Departement> Departements { get; private set; } = [];
    public CommuneListing Communes { get; private set; } = null!;
    public IReadOnlyList<TerritoryPanelView> Panels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, string? tri, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        var region = await queries.FindRegionAsync(key.Split('-', 2)[0], cancellationToken);
        if (region is null)
        {
            return NotFound();
        }
        var canonical = $"/regions/{region.Code}-{region.Slug}";
        if (key != $"{region.Code}-{region.Slug}")
        {
            return RedirectPermanent(canonical + Request.QueryString);
        }
        Region = region;
        Panels = await panels.LoadAsync(new TerritoryPanelContext(new TerritoryReference(TerritoryKind.Region, region.Code), region.Name, Request), cancellationToken);
        Departements = await queries.DepartementsOfRegionAsync(region.Code, cancellationToken);
        var result = await queries.CommunesAsync(new CommuneFilter.InRegion(region.Code),
            CommuneListing.ParseSort(tri), pageNumber ?? 1, CommuneListing.PageSize, cancellationToken);
        Communes = new CommuneListing(result, canonical);
        return Page();
    }
}
