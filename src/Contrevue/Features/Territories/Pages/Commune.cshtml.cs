using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories.Pages;

[OutputCache(PolicyName = TerritoryCache.Policy)]
public sealed class CommuneModel(
    TerritoryQueries queries, Contacts.ContactService contacts, Observatoire.TerritoryDossierQueries dossiers,
    Data.ContrevueDbContext db, Campaigns.Tracking.CampaignStatuses statuses) : PageModel
{
    public CommuneDetails Commune { get; private set; } = null!;
    public CommuneLookup.Split? Split { get; private set; }
    public Contacts.ContactCardModel? Contact { get; private set; }
    public Observatoire.TerritoryDossiers Dossiers { get; private set; } = null!;
    public Campaigns.Tracking.CampaignHeadline? Campaign { get; private set; }

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
                var territory = new TerritoryReference(TerritoryKind.Commune, commune.Code);
                Contact = new Contacts.ContactCardModel(territory, await contacts.FindAsync(territory, cancellationToken), $"/communes/{commune.Code}/historique");
                Dossiers = await dossiers.ForAsync(territory, commune.Name, cancellationToken);
                Campaign = await Campaigns.Tracking.CampaignHeadline.ForAsync(db, statuses, territory, commune.Name, cancellationToken);
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
