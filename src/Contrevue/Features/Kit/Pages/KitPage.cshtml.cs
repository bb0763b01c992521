using Contrevue.Features.Collectives;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Kit.Pages;

/// <summary>
/// A resource of the kit: what it is, its author and licence, its versions newest first with their files
/// (type, size, downloads, preview). A pending resource is shown only to its collective's members and to
/// moderators, who publish it from here.
/// </summary>
[OutputCache(PolicyName = KitCache.Policy)]
public sealed class KitPageModel(KitService kit, KitPreviews previews, Microsoft.Extensions.Options.IOptions<KitOptions> options) : PageModel
{
    /// <summary>The TempData key of what the kit's forms tell their author after a redirect (French; signed-in users only).</summary>
    public const string MessageKey = "KitMessage";

    public KitResource Resource { get; private set; } = null!;
    public PublicCollective? Author { get; private set; }
    public bool CanWrite { get; private set; }
    public bool CanPublish { get; private set; }
    public bool PdfPreviewsAvailable => previews.CanRenderPdf;
    public IReadOnlyList<string> Errors { get; private set; } = [];
    /// <summary>How old, at most, the download counts of a cached page are.</summary>
    public int CountsRefreshSeconds => options.Value.DownloadCountRefreshSeconds;
    /// <summary>What the last form told its author (never on a cached page: anonymous visitors post nothing here).</summary>
    public string? Message { get; private set; }

    /// <summary><c>{key}</c> is "12-brochure-vsa", or just "12".</summary>
    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (!TryParseId(key, out var id) || await LoadAsync(id, cancellationToken) is not { } resource)
        {
            return NotFound();
        }
        Infrastructure.Caching.PublicPageCache.Tag(HttpContext, KitCache.ResourceTag(id));
        if (User.Identity?.IsAuthenticated == true)
        {
            Message = TempData[MessageKey] as string;
        }
        if (!string.Equals(key, $"{resource.Id}-{resource.Slug}", StringComparison.Ordinal))
        {
            return RedirectPermanent(resource.PagePath);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(string key, CancellationToken cancellationToken)
    {
        if (!TryParseId(key, out var id))
        {
            return NotFound();
        }
        switch (await kit.PublishAsync(User, id, cancellationToken))
        {
            case KitChange.Done(var published):
                return Redirect(published.PagePath);
            case KitChange.Invalid(var errors, _):
                if (await LoadAsync(id, cancellationToken) is null)
                {
                    return NotFound();
                }
                Errors = [.. errors.Values.SelectMany(e => e)];
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case KitChange.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private async Task<KitResource?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await kit.FindAsync(id, cancellationToken) is not { } resource || !await kit.MaySeeAsync(User, resource, cancellationToken))
        {
            return null;
        }
        Resource = resource;
        Author = resource.CollectiveId is { } collectiveId && (await kit.AuthorsAsync([resource], cancellationToken)).TryGetValue(collectiveId, out var author) ? author : null;
        CanWrite = User.Identity?.IsAuthenticated == true && await kit.MayWriteAsync(User, resource.CollectiveId, cancellationToken);
        CanPublish = resource.Status == KitStatus.Pending && KitService.IsModerator(User);
        return resource;
    }

    private static bool TryParseId(string key, out int id) =>
        int.TryParse(key.Split('-', 2)[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);

    /// <summary>"PDF", "SVG"…: what a file is, as its link says.</summary>
    public static string TypeName(KitFile file) => file.Extension.ToUpperInvariant();
}
