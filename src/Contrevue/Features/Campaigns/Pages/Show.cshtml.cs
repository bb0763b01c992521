using Contrevue.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>A campaign's page: its demand, and the way to the letter composer for a territory.</summary>
public sealed class ShowModel(ContrevueDbContext db) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return NotFound();
        }
        Campaign = campaign;
        return Page();
    }
}
