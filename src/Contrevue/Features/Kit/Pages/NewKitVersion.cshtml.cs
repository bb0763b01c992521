using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Kit.Pages;

/// <summary>A new version of a resource, by its collective's members (through moderation once the resource is published) or a moderator.</summary>
[Authorize(Policy = Policies.Member)]
[EnableRateLimiting(Infrastructure.Files.FileRateLimits.Uploads)]
[RequestSizeLimit(KitPageLimits.MaxFormBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = KitPageLimits.MaxFormBytes)]
public sealed class NewKitVersionModel(KitService kit) : PageModel
{
    [BindProperty] public string? Changelog { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public KitResource Resource { get; private set; } = null!;

    public const string ProposedMessage = "Votre version attend la relecture de l'équipe de modération : elle sera publiée une fois acceptée.";

    /// <summary>A member's version of a published resource goes through the moderation queue; a moderator's is published at once.</summary>
    public bool Moderated => Resource.Status == KitStatus.Published && !KitService.IsModerator(User);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        var streams = Files.Select(f => (File: f, Stream: f.OpenReadStream())).ToList();
        try
        {
            var uploads = streams.Select(s => new KitUpload(s.Stream, s.File.FileName, s.File.Length)).ToList();
            switch (await kit.AddVersionAsync(User, id, Changelog, uploads, cancellationToken))
            {
                case KitChange.Done(var resource):
                    return Redirect(resource.PagePath);
                case KitChange.Proposed(var waiting, _):
                    TempData[KitPageModel.MessageKey] = ProposedMessage;
                    return Redirect(waiting.PagePath);
                case KitChange.Invalid(var errors, var tooLarge):
                    KitForm.AddErrors(ModelState, errors, prefix: "");
                    Response.StatusCode = tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                    return Page();
                case KitChange.Forbidden:
                    return Forbid();
                default:
                    return NotFound();
            }
        }
        finally
        {
            foreach (var (_, stream) in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await kit.FindAsync(id, cancellationToken) is not { } resource || !await kit.MaySeeAsync(User, resource, cancellationToken))
        {
            return NotFound();
        }
        Resource = resource;
        return await kit.MayWriteAsync(User, resource.CollectiveId, cancellationToken) ? null : Forbid();
    }
}
