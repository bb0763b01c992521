using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class DepartementModel(TerritoryQueries queries, Contacts.ContactService contacts, Observatoire.TerritoryDossierQueries dossiers) : PageModel
{
    public Departement Departement { get; private set; } = null!;
    public CommuneListing Communes { get; private set; } = null!;
    public Contacts.ContactCardModel Contact { get; private set; } = null!;
    public Observatoire.TerritoryDossiers Dossiers { get; private set; } = null!;

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
        var territory = new TerritoryReference(TerritoryKind.Departement, departement.Code);
        Contact = new Contacts.ContactCardModel(territory, await contacts.FindAsync(territory, cancellationToken), null);
        Dossiers = await dossiers.ForAsync(territory, departement.Name, cancellationToken);
        var result = await queries.CommunesAsync(new CommuneFilter.InDepartement(departement.Code),
            CommuneListing.ParseSort(tri), pageNumber ?? 1, CommuneListing.PageSize, cancellationToken);
        Communes = new CommuneListing(result, canonical);
        return Page();
    }
}
