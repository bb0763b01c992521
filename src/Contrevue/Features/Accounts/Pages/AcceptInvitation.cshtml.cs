using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Accounts.Pages;

[EnableRateLimiting(AccountRateLimits.SignIn)]
public sealed class AcceptInvitationModel(InvitationService invitations, SignInManager<ContrevueUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "jeton")]
    public string? Token { get; set; }

    public InvitationDetails? Details { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MinimumLength, ErrorMessage = "Le mot de passe doit compter au moins 15 caractères (une phrase de plusieurs mots convient bien).")]
    [DataType(DataType.Password)]
    [Display(Name = "Mot de passe")]
    public string Password { get; set; } = "";

    [BindProperty]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe diffèrent.")]
    [DataType(DataType.Password)]
    [Display(Name = "Mot de passe, encore")]
    public string Confirmation { get; set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken) => Details = await invitations.FindValidAsync(Token, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Details = await invitations.FindValidAsync(Token, cancellationToken);
        if (Details is null || !ModelState.IsValid)
        {
            return Page();
        }
        var result = await invitations.AcceptAsync(Token!, Password, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(nameof(Password), error);
            }
            return Page();
        }
        await signIn.SignInAsync(result.User!, isPersistent: false);
        return Redirect("/compte");
    }
}
