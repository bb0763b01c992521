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
public sealed class ShowModel(ContrevueDbContext db, PosterService posters) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public PosterLinksModel Posters { get; private set; } = null!;
    /// <summary>The code asked for when it names no commune: the page says so instead of showing posters.</summary>
    public string? UnknownTerritory { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Territoire { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return NotFound();
        }
        Campaign = campaign;
        var place = string.IsNullOrWhiteSpace(Territoire) ? null : await posters.FindCommuneAsync(Territoire, cancellationToken);
        if (place is null && !string.IsNullOrWhiteSpace(Territoire))
        {
            UnknownTerritory = Territoire.Trim();
        }
        Posters = new PosterLinksModel(campaign.Slug, place);
        return Page();
    }
}
