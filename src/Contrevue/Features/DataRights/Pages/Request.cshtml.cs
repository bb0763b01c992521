using System.ComponentModel.DataAnnotations;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.DataRights.Pages;

/// <summary>
/// Asks for the e-mailed link. Whatever is held, the answer is the same redirect, and the work
/// behind it (the lookup, the e-mail if any) is done later by <see cref="DataRightsMailer"/>.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/mes-donnees?demande=envoyee")]
public sealed class RequestModel(DataRightsRequests requests, SiteAddress site) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez votre adresse e-mail.")]
    [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
    [StringLength(254, ErrorMessage = "Cette adresse est trop longue.")]
    [Display(Name = "Adresse e-mail")]
    public string Email { get; set; } = "";

    public bool Requested => Request.Query["demande"] == "envoyee";

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        requests.Submit(Email, site.Of(Request));
        return Redirect("/mes-donnees?demande=envoyee");
    }
}
