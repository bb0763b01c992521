using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Kit.Pages;

/// <summary>A resource deleted by its collective's members or a moderator, after a confirmation page (works without JavaScript).</summary>
[Authorize(Policy = Policies.Member)]
public sealed class DeleteKitResourceModel(KitService kit) : PageModel
{
    public KitResource Resource { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await EditKitResourceModel.LoadAsync(this, kit, id, r => Resource = r, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await EditKitResourceModel.LoadAsync(this, kit, id, r => Resource = r, cancellationToken) is { } refused)
        {
            return refused;
        }
        switch (await kit.DeleteAsync(User, id, cancellationToken))
        {
            case KitChange.Done:
                TempData[KitPageModel.MessageKey] = "Ressource supprimée.";
                return Redirect("/kit");
            case KitChange.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }
}
