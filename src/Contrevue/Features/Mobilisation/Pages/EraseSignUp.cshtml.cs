using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Mobilisation.Pages;

/// <summary>The erasure link of every e-mail: a button (a GET never erases), then nothing is left of the sign-up.</summary>
public sealed class EraseSignUpModel(SignUpService signUps) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Token { get; set; }

    public bool Erased { get; private set; }
    public bool Unknown { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Erased = await signUps.EraseAsync(Token, cancellationToken);
        Unknown = !Erased;
        return Page();
    }
}
