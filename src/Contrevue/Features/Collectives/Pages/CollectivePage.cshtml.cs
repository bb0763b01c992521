using Contrevue.Infrastructure.Security;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Collectives.Pages;

/// <summary>A collective as its members (and admins) see it; members invite others here.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class CollectivePageModel(CollectiveService collectives, CollectiveDirectory directory, Public.CollectiveCoverage coverage, InvitationService invitations, SiteAddress site) : PageModel
{
    /// <summary>The public profile's form (its own names: the invitation form's Email stays required only there).</summary>
    [BindProperty] public string? ProfileDescription { get; set; }
    [BindProperty] public string? ProfileLinks { get; set; }
    [BindProperty] public bool ProfileListed { get; set; }

    [TempData]
    public bool ProfileSaved { get; set; }

    public Collective Collective { get; private set; } = null!;
    public IReadOnlyList<string> MemberEmails { get; private set; } = [];
    /// <summary>The territories covered, by name (the reference when a territory has gone from the data).</summary>
    public IReadOnlyList<Public.NamedTerritory> Territories { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Indiquez l'adresse de la personne invitée.")]
    [Display(Name = "Adresse e-mail")]
    public string Email { get; set; } = "";

    /// <summary>Who was just invited, for the confirmation shown after the redirect.</summary>
    [TempData]
    public string? InvitedEmail { get; set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        ProfileDescription = Collective.Description;
        ProfileLinks = CollectiveLinks.ToLines(Collective.Links);
        ProfileListed = Collective.Listed;
        return Page();
    }

    public async Task<IActionResult> OnPostProfileAsync(int id, CancellationToken cancellationToken)
    {
        ModelState.Remove(nameof(Email));
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        var change = await collectives.UpdateAsync(id, UserId, User.IsInRole(Roles.Admin),
            new CollectiveInput(null, ProfileDescription, null, CollectiveLinks.ParseLines(ProfileLinks), ProfileListed), cancellationToken);
        if (change is CollectiveChange.Invalid(var errors))
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field == "links" ? nameof(ProfileLinks) : nameof(ProfileDescription), message);
                }
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        ProfileSaved = true;
        return Redirect($"/collectifs/{id}#profil");
    }

    public async Task<IActionResult> OnPostInviteAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (!ModelState.IsValid)
        {
            ProfileDescription = Collective.Description;
            ProfileLinks = CollectiveLinks.ToLines(Collective.Links);
            ProfileListed = Collective.Listed;
            return Page();
        }
        var errors = await invitations.InviteAsync(UserId, User.IsInRole(Roles.Admin), Email, Roles.Member, id, site.Of(Request), cancellationToken);
        foreach (var error in errors)
        {
            ModelState.AddModelError("", error);
        }
        if (errors.Count > 0)
        {
            return Page();
        }
        InvitedEmail = Email.Trim();
        return Redirect($"/collectifs/{id}");
    }

    /// <summary>Null when the visitor may see the collective; otherwise the answer to give.</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var collective = await collectives.FindAsync(id, cancellationToken);
        if (collective is null)
        {
            return NotFound();
        }
        if (!User.IsInRole(Roles.Admin) && collective.Members.All(m => m.UserId != UserId))
        {
            return Forbid();
        }
        Collective = collective;
        MemberEmails = await directory.MemberEmailsAsync(id, confirmedOnly: false, cancellationToken);
        var references = collective.Territories.Select(t => t.Territory).ToList();
        var names = await coverage.NamesAsync(references, cancellationToken);
        Territories = [.. references.Select(r => new Public.NamedTerritory(r, names.GetValueOrDefault(r) ?? r.ToString()))];
        return null;
    }
}
