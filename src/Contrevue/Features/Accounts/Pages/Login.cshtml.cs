using System.ComponentModel.DataAnnotations;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Accounts.Pages;

[EnableRateLimiting(AccountRateLimits.SignIn)]
public sealed class LoginModel(PasswordSignIn passwords) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? retour, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await passwords.SignInAsync(Input.Email, Input.Password, cancellationToken);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl.Local(retour, "/compte"));
        }
        if (result.RequiresTwoFactor)
        {
            return Redirect("/connexion/code?retour=" + Uri.EscapeDataString(ReturnUrl.Local(retour, "/compte")));
        }
        // One answer for an unknown address, a wrong password and a locked account: none says an account exists.
        Error = "Adresse e-mail ou mot de passe incorrect.";
        return Page();
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Indiquez votre adresse e-mail.")]
        [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
        [StringLength(256, ErrorMessage = "Cette adresse est trop longue.")]
        [Display(Name = "Adresse e-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Indiquez votre mot de passe.")]
        [StringLength(PasswordRules.MaximumLength, ErrorMessage = "Ce mot de passe est trop long.")]
        [DataType(DataType.Password)]
        [Display(Name = "Mot de passe")]
        public string Password { get; set; } = "";
    }
}
