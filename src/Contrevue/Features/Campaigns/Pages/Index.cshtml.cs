using Contrevue.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>
/// The menu's « Écrire à ma mairie »: the one open campaign's page when there is one, the list of
/// campaigns (open ones first) otherwise.
/// </summary>
public sealed class IndexModel(ContrevueDbContext db) : PageModel
{
    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Campaigns = await db.Set<Campaign>().AsNoTracking()
            .OrderByDescending(c => c.IsOpen).ThenByDescending(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
        var open = Campaigns.Where(c => c.IsOpen).ToList();
        return open.Count == 1 ? Redirect($"/campagnes/{open[0].Slug}#ecrire") : Page();
    }
}
