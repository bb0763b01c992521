using Contrevue.Features.Accounts;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Veille.Pages;

/// <summary>
/// The weekly digest for organisers and moderators: the Markdown of a chosen week (the current one by default) in a
/// textarea to edit and copy into the newsletter. Nothing is saved here.
/// </summary>
[Authorize(Policy = Policies.Member)]
public sealed class WeeklyDigestPageModel(WeeklyDigest digest, SiteAddress site, TimeProvider time) : PageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "semaine")] public string? Week { get; set; }

    public DigestWeek Chosen { get; private set; } = null!;
    public string Markdown { get; private set; } = "";
    public bool UnreadableWeek { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var monday = WeeklyDigest.MondayOf(Week);
        UnreadableWeek = !string.IsNullOrWhiteSpace(Week) && monday is null;
        if (UnreadableWeek)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Chosen = new DigestWeek(monday ?? WeeklyDigest.MondayOfWeekOf(ParisCalendar.Today(time)), site.WithoutRequest);
        Week = WeeklyDigest.IsoWeekOf(Chosen.Monday);
        Response.Headers.CacheControl = "private, no-store";
        Markdown = await digest.MarkdownAsync(Chosen, cancellationToken);
    }
}
