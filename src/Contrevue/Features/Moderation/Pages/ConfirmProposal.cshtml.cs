using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Moderation.Pages;

/// <summary>
/// The link in the confirmation e-mail. Shows a button rather than confirming on GET, so that mail
/// scanners following links do not confirm on the contributor's behalf.
/// </summary>
public sealed class ConfirmProposalModel(ModerationService moderation) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Token { get; set; }

    public bool Confirmed { get; private set; }
    public bool Unknown { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Token) || Token.Length > 100 || await moderation.ConfirmAsync(Token, cancellationToken) is null)
        {
            Unknown = true;
            return Page();
        }
        Confirmed = true;
        return Page();
    }
}
