using System.ComponentModel.DataAnnotations;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Accounts.Pages;

[EnableRateLimiting(AccountRateLimits.SignIn)]
public sealed class ForgotPasswordModel(PasswordResetRequests resets, SiteAddress site) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse e-mail.")]
    [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
    [StringLength(254, ErrorMessage = "Cette adresse est trop longue.")]
    [Display(Name = "Adresse e-mail")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // After the answer: its time must not depend on whether the account exists.
        resets.Enqueue(Email, site.Of(Request));
        Sent = true;
        return Page();
    }
}
