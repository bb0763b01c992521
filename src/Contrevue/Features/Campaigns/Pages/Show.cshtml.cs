using Contrevue.Data;
using Contrevue.Features.Campaigns.Posters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>
/// A campaign's page: its demand, the way to the letter composer for a territory, and the posters,
/// for the commune chosen with <c>?territoire=42218</c> or for "ma ville".
/// </summary>
public sealed class ShowModel(ContrevueDbContext db, PosterService posters, Territories.Search.TerritoryField territoryField, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public PosterLinksModel Posters { get; private set; } = null!;
    /// <summary>Why the commune asked for gives no posters (unknown, or several of that name): said next to the field.</summary>
    public string? TerritoryError { get; private set; }
    /// <summary>The communes of an ambiguous name, to choose from.</summary>
    public IReadOnlyList<Territories.Search.TerritoryChoice> TerritoryChoices { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Territoire { get; set; }

    /// <summary>The commune to write to (the composer reads it).</summary>
    public Territories.Search.TerritoryFieldView WriteField => new("territoire", "territoire", text["Votre commune"], null);

    /// <summary>The commune of the posters, with why it gave none.</summary>
    public Territories.Search.TerritoryFieldView PosterField => new("affiche-commune", "territoire", text["Commune"], Territoire)
    {
        Error = TerritoryError,
        Choices = TerritoryChoices,
    };

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return NotFound();
        }
        Campaign = campaign;
        PosterPlace? place = null;
        if (!string.IsNullOrWhiteSpace(Territoire))
        {
            switch (await territoryField.ResolveAsync(Territoire, [Territories.TerritoryKind.Commune], cancellationToken))
            {
                case Territories.Search.TerritoryFieldResult.Found found:
                    place = await posters.FindCommuneAsync(found.Territory.Code, cancellationToken);
                    break;
                case Territories.Search.TerritoryFieldResult.Ambiguous ambiguous:
                    (TerritoryError, TerritoryChoices) = (ambiguous.Message, ambiguous.Choices);
                    break;
                case Territories.Search.TerritoryFieldResult.Invalid invalid:
                    TerritoryError = invalid.Message;
                    break;
            }
        }
        Posters = new PosterLinksModel(campaign.Slug, place);
        return Page();
    }
}
