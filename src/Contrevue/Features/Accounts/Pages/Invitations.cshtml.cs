using Contrevue.Infrastructure.Security;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Accounts.Pages;

[Authorize(Policy = Policies.Admin)]
public sealed class InvitationsModel(InvitationService invitations, IInvitationCollectives collectives, SiteAddress site) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Collectives { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Indiquez l'adresse de la personne invitée.")]
    [Display(Name = "Adresse e-mail")]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Role { get; set; } = Roles.Member;

    [BindProperty]
    public int? CollectiveId { get; set; }

    /// <summary>Who was just invited, for the confirmation shown after the redirect.</summary>
    [TempData]
    public string? InvitedEmail { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Collectives = await collectives.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Collectives = await collectives.ListAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var errors = await invitations.InviteAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, inviterIsAdmin: true, Email, Role, CollectiveId, site.Of(Request), cancellationToken);
        foreach (var error in errors)
        {
            ModelState.AddModelError("", error);
        }
        if (errors.Count > 0)
        {
            return Page();
        }
        InvitedEmail = Email.Trim();
        return RedirectToPage();
    }
}
