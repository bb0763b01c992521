using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Observatoire.Vendors.Pages;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = ObservatoireCache.Policy)]
public sealed class VendorModel(VendorQueries queries) : PageModel
{
    public VendorProfile Profile { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var profile = await queries.ProfileAsync(slug, cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }
        Profile = profile;
        return Page();
    }
}
