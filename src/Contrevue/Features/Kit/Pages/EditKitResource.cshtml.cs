using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Kit.Pages;

/// <summary>A resource's title, description, kind, language, licence, formats and tags, changed by its collective's members or a moderator.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class EditKitResourceModel(KitService kit) : PageModel
{
    [BindProperty] public KitForm Form { get; set; } = new();

    public KitResource Resource { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        Form = new KitForm
        {
            Kind = Resource.Kind,
            Title = Resource.Title,
            Description = Resource.Description,
            Language = Resource.Language,
            Licence = Resource.Licence,
            Formats = [.. Resource.FormatList],
            Tags = string.Join(", ", Resource.TagList),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        // The author is not a field of this form: null keeps it.
        switch (await kit.UpdateAsync(User, id, Form.ToInput() with { Collective = null }, cancellationToken))
        {
            case KitChange.Done(var saved):
                return Redirect(saved.PagePath);
            case KitChange.Invalid(var errors, _):
                KitForm.AddErrors(ModelState, errors);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case KitChange.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    internal static async Task<IActionResult?> LoadAsync(PageModel page, KitService kit, int id, Action<KitResource> found, CancellationToken cancellationToken)
    {
        if (await kit.FindAsync(id, cancellationToken) is not { } resource || !await kit.MaySeeAsync(page.User, resource, cancellationToken))
        {
            return page.NotFound();
        }
        found(resource);
        return await kit.MayWriteAsync(page.User, resource.CollectiveId, cancellationToken) ? null : page.Forbid();
    }

    private Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken) => LoadAsync(this, kit, id, r => Resource = r, cancellationToken);
}
