using System.ComponentModel.DataAnnotations;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Accounts.Pages;

[EnableRateLimiting(AccountRateLimits.SignIn)]
public sealed class LoginWithCodeModel(SignInManager<ContrevueUser> signIn) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez le code à 6 chiffres de votre application, ou un code de secours.")]
    [StringLength(20, ErrorMessage = "Ce code est trop long.")]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/connexion") : Page();

    public async Task<IActionResult> OnPostAsync(string? retour)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Redirect("/connexion");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Code.Trim());
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl.Local(retour, "/compte"));
        }
        Error = result.IsLockedOut
            ? "Trop d'essais infructueux : ce compte est bloqué pendant 15 minutes."
            : "Code incorrect ou expiré.";
        return Page();
    }
}
