using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Kit.Pages;

/// <summary>
/// A new resource with its first version: proposed for one of the member's collectives (published by a
/// moderator), or published at once by a moderator, for a collective or for the campaign.
/// </summary>
[Authorize(Policy = Policies.Member)]
[EnableRateLimiting(Infrastructure.Files.FileRateLimits.Uploads)]
[RequestSizeLimit(KitPageLimits.MaxFormBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = KitPageLimits.MaxFormBytes)]
public sealed class NewKitResourceModel(KitService kit, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public KitForm Form { get; set; } = new();
    [BindProperty] public List<IFormFile> Files { get; set; } = [];

    public List<(int Id, string Name)> Collectives { get; private set; } = [];
    public bool IsModerator => KitService.IsModerator(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        if (Form.CollectiveId is null && !IsModerator)
        {
            // A member's form always names one of their collectives: without one, the post is malformed.
            ModelState.AddModelError("Form.Author", text["Choisissez le collectif auteur de la ressource."]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var streams = Files.Select(f => (File: f, Stream: f.OpenReadStream())).ToList();
        try
        {
            var uploads = streams.Select(s => new KitUpload(s.Stream, s.File.FileName, s.File.Length)).ToList();
            switch (await kit.CreateAsync(User, Form.ToInput(), cancellationToken, (Form.Changelog, uploads)))
            {
                case KitChange.Done(var created):
                    return Redirect(created.PagePath);
                case KitChange.Invalid(var errors, var tooLarge):
                    KitForm.AddErrors(ModelState, errors);
                    Response.StatusCode = tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                    return Page();
                default:
                    return Forbid();
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

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Collectives = await kit.CollectivesOfAsync(User, cancellationToken);
        return Collectives.Count == 0 && !IsModerator ? Forbid() : null;
    }
}

/// <summary>The body cap of the kit's upload forms: a version's files and the form around them.</summary>
public static class KitPageLimits
{
    public const long MaxFormBytes = 60 * 1024 * 1024 + 64 * 1024;
}
