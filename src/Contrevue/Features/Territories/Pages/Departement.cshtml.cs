using Contrevue.Features.Territories.Panels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class DepartementModel(TerritoryQueries queries, TerritoryPanels panels) : PageModel
{
    public Departement Departement { get; private set; } = null!;
    public CommuneListing Communes { get; private set; } = null!;
    public IReadOnlyList<TerritoryPanelView> Panels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, string? tri, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        var departement = await queries.FindDepartementAsync(key.Split('-', 2)[0], cancellationToken);
        if (departement is null)
        {
            return NotFound();
        }
        var canonical = $"/departements/{departement.Code}-{departement.Slug}";
        if (key != $"{departement.Code}-{departement.Slug}")
        {
            return RedirectPermanent(canonical + Request.QueryString);
        }
        Departement = departement;
        Panels = await panels.LoadAsync(new TerritoryPanelContext(new TerritoryReference(TerritoryKind.Departement, departement.Code), departement.Name, Request), cancellationToken);
        var result = await queries.CommunesAsync(new CommuneFilter.InDepartement(departement.Code),
            CommuneListing.ParseSort(tri), pageNumber ?? 1, CommuneListing.PageSize, cancellationToken);
        Communes = new CommuneListing(result, canonical);
        return Page();
    }
}
