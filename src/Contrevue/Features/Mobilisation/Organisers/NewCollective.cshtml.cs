using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Mobilisation.Organisers;

/// <summary>
/// A group of sign-ups becomes a collective: an admin names it and the territories it covers, and each
/// person gets an invitation (<see cref="InvitationService"/>) that makes them a member on acceptance.
/// Admins only: the invitation model lets only them invite into a collective they do not belong to.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class NewCollectiveModel(
    SignUpQueries signUps, CollectiveFounding founding, InvitationService invitations, SignUpService service,
    SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>One invitation per person; a selection larger than this is split by the organiser.</summary>
    public const int MostPeople = 100;

    [BindProperty(SupportsGet = true, Name = "ids")] public List<int> Ids { get; set; } = [];
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Territories { get; set; }

    public IReadOnlyList<SignUp> Selected { get; private set; } = [];
    /// <summary>After creation: the collective's id, and each person's invitation outcome.</summary>
    public int? CreatedId { get; private set; }
    public IReadOnlyList<(string Email, string? Error)> Invited { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Territories ??= string.Join(", ", Selected.Select(s => s.Territory.ToString()).Distinct());
        Name ??= Selected.Select(s => s.CollectiveName).FirstOrDefault(n => n is not null);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (Selected.Count == 0)
        {
            ModelState.AddModelError("", text["Choisissez au moins une inscription dans la liste."]);
            return Page();
        }
        var adminId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var (id, errors) = await founding.FoundAsync(adminId, Name, Description, Territories, cancellationToken);
        if (id is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }
            return Page();
        }
        CreatedId = id;
        var outcomes = new List<(string, string?)>();
        foreach (var signUp in Selected)
        {
            var refused = await invitations.InviteAsync(adminId, inviterIsAdmin: true, signUp.Email, Roles.Member, id, site.Of(Request), cancellationToken);
            if (refused.Count == 0)
            {
                await service.MarkInvitedAsync(signUp.Id, cancellationToken);
            }
            outcomes.Add((signUp.Email, refused.Count == 0 ? null : string.Join(" ", refused)));
        }
        Invited = outcomes;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Ids.Count > MostPeople)
        {
            ModelState.AddModelError("", text["Au plus {0} personnes à la fois.", MostPeople]);
            Ids = [.. Ids.Take(MostPeople)];
        }
        Selected = await signUps.VisibleAmongAsync(User, Ids, cancellationToken);
    }
}
