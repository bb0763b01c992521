using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Mobilisation.Pages;

/// <summary>
/// The confirmation link of the e-mail: a button, never a confirmation on GET, so that mail scanners
/// following links do not confirm on the person's behalf.
/// </summary>
public sealed class ConfirmSignUpModel(SignUpService signUps) : PageModel
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
        Confirmed = await signUps.ConfirmAsync(Token, cancellationToken);
        Unknown = !Confirmed;
        return Page();
    }
}
