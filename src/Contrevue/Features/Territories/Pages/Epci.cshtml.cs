using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class EpciModel(TerritoryQueries queries, Contacts.ContactService contacts, Observatoire.TerritoryDossierQueries dossiers) : PageModel
{
    public Epci Epci { get; private set; } = null!;
    public CommuneListing Communes { get; private set; } = null!;
    public Contacts.ContactCardModel Contact { get; private set; } = null!;
    public Observatoire.TerritoryDossiers Dossiers { get; private set; } = null!;

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
        var territory = new TerritoryReference(TerritoryKind.Epci, epci.Siren);
        Contact = new Contacts.ContactCardModel(territory, await contacts.FindAsync(territory, cancellationToken), null);
        Dossiers = await dossiers.ForAsync(territory, epci.Name, cancellationToken);
        var result = await queries.CommunesAsync(new CommuneFilter.InEpci(epci.Siren),
            CommuneListing.ParseSort(tri), pageNumber ?? 1, CommuneListing.PageSize, cancellationToken);
        Communes = new CommuneListing(result, canonical);
        return Page();
    }
}
