using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Kit.Pages;

/// <summary>One version of a resource deleted by its collective's members or a moderator, after a confirmation page.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class DeleteKitVersionModel(KitService kit) : PageModel
{
    public KitResource Resource { get; private set; } = null!;
    public KitVersion Version { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, int number, CancellationToken cancellationToken) =>
        await LoadAsync(id, number, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, int number, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, number, cancellationToken) is { } refused)
        {
            return refused;
        }
        switch (await kit.DeleteVersionAsync(User, id, number, cancellationToken))
        {
            case KitChange.Done(var resource):
                TempData[KitPageModel.MessageKey] = "Version supprimée.";
                return Redirect(resource.PagePath);
            case KitChange.Invalid(var errors, _):
                foreach (var message in errors.Values.SelectMany(m => m))
                {
                    ModelState.AddModelError("", message);
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case KitChange.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult?> LoadAsync(int id, int number, CancellationToken cancellationToken)
    {
        if (await EditKitResourceModel.LoadAsync(this, kit, id, r => Resource = r, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (Resource.Versions.FirstOrDefault(v => v.Number == number) is not { } version)
        {
            return NotFound();
        }
        Version = version;
        return null;
    }
}
