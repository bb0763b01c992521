using Contrevue.Infrastructure.PersonalData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.DataRights.Pages;

/// <summary>
/// The e-mailed link's page. Opening it changes nothing (mail scanners open links); the one POST
/// button erases. No-store: the list is personal data.
/// </summary>
public sealed class ShowModel(DataRightsLinks links, PersonalDataRegistry registry) : PageModel
{
    public string? Email { get; private set; }
    public IReadOnlyList<PersonalDataItem> Items { get; private set; } = [];

    public bool Erased => Request.Query["efface"] == "1";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Email = links.EmailOf(token);
        if (Email is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        Items = await registry.FindAsync(Email, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(string token, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Email = links.EmailOf(token);
        if (Email is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        await registry.EraseAsync(Email, cancellationToken);
        return Redirect(DataRightsLinks.PathOf(token) + "?efface=1");
    }
}
