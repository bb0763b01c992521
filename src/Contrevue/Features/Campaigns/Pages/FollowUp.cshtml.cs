using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>
/// Where the links of a follow-up e-mail lead: the sender answers in one click, without an account.
/// Opening the link changes nothing (mail scanners open links too); the button does.
/// </summary>
public sealed class FollowUpModel(FollowUps followUps, SiteAddress site, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    public FollowUpLink Link { get; private set; } = null!;
    public string Today { get; private set; } = "";
    /// <summary>What was just done: the code of the choice sent.</summary>
    public string? Done { get; private set; }

    [BindProperty(SupportsGet = true, Name = "choix")] public string? Choice { get; set; }
    [BindProperty] public string? RespondedOn { get; set; }
    [BindProperty] public string? Quote { get; set; }
    [BindProperty] public string? SourceUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return NotFound();
        }
        var choice = FollowUps.Choices.FirstOrDefault(c => c.Code == Choice);
        if (choice.Code is null)
        {
            ModelState.AddModelError(nameof(Choice), text["Choisissez une réponse."]);
            return Page();
        }
        var errors = await followUps.AnswerAsync(Link, choice.Choice, RespondedOn, Quote, SourceUrl, site.Of(Request), cancellationToken);
        if (errors.Count > 0)
        {
            ModelState.AddFieldErrors(errors, text);
            return Page();
        }
        Done = choice.Code;
        Link = (await followUps.FindAsync(token, cancellationToken))!;
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var link = await followUps.FindAsync(token, cancellationToken);
        if (link is null)
        {
            return false;
        }
        Link = link;
        Today = ParisCalendar.Today(time).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}
