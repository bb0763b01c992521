using Contrevue.Features.Events.Rsvps;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Events.Pages;

/// <summary>The link of the confirmation e-mail: a button, never a confirmation on GET (mail scanners follow links).</summary>
public sealed class ConfirmRsvpModel(RsvpService rsvps, SiteAddress site) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Token { get; set; }

    public ConfirmOutcome? Outcome { get; private set; }
    public Event? Event { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Token) || Token.Length > 100)
        {
            Outcome = ConfirmOutcome.Unknown;
            return Page();
        }
        (Outcome, Event) = await rsvps.ConfirmAsync(Token, site.Of(Request), cancellationToken);
        return Page();
    }
}
