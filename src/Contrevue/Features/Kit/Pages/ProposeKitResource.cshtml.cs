using Contrevue.Features.Kit.Proposals;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Kit.Pages;

/// <summary>
/// Anyone proposes a resource for the kit, without an account, by a link to where it can be found (the public
/// uploads no file) and with an address that confirms the proposal. Moderators accept it into the kit.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/proposer/merci")]
public sealed class ProposeKitResourceModel(KitProposals proposals, DepartementNames departementNames, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Kind { get; set; } = "brochure";
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public string? ProposedBy { get; set; }
    [BindProperty] public string? Departement { get; set; }
    [BindProperty] public string? ContributorEmail { get; set; }

    public IReadOnlyList<(string Code, string Name)> Departements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Departements = await departementNames.AllAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Departements = await departementNames.AllAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (accepted, errors) = await proposals.ProposeAsync(
            new KitProposalData(Kind ?? "", Title ?? "", Description, Link ?? "", ProposedBy, Departement ?? ""), ContributorEmail, site.Of(Request), cancellationToken);
        if (accepted is null)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(char.ToUpperInvariant(field[0]) + field[1..], text[message]);
                }
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"/proposer/merci?statut={accepted.Status}");
    }
}
