using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Accounts.Pages;

[EnableRateLimiting(AccountRateLimits.SignIn)]
public sealed class ResetPasswordModel(PasswordResetService resets) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "email")]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MinimumLength, ErrorMessage = "Le mot de passe doit compter au moins 15 caractères (une phrase de plusieurs mots convient bien).")]
    [DataType(DataType.Password)]
    [Display(Name = "Nouveau mot de passe")]
    public string Password { get; set; } = "";

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Token) || Token.Length > 2000)
        {
            ModelState.AddModelError("", "Ce lien n'est plus valable : demandez-en un nouveau.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var errors = await resets.ResetAsync(Email!, Token!, Password);
        foreach (var error in errors)
        {
            ModelState.AddModelError("", error);
        }
        Done = errors.Count == 0;
        return Page();
    }
}
