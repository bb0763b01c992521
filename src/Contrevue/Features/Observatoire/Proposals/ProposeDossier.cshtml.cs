using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire.Editing;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Proposals;

/// <summary>The public form to document a surveillance project; no account needed, published after moderation.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/proposer/merci")]
public sealed class ProposeDossierModel(DossierProposals proposals, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public DossierForm Form { get; set; } = new();
    [BindProperty] public string? ContributorEmail { get; set; }
    [BindProperty] public string? Note { get; set; }

    public void OnGet(string? territoire)
    {
        var code = Territories.TerritoryReference.TryParse(territoire, out var reference) ? reference.Value : (Territories.TerritoryReference?)null;
        Form = new DossierForm
        {
            AuthorityKind = code?.Kind switch
            {
                Territories.TerritoryKind.Epci => "epci",
                Territories.TerritoryKind.Departement => "departement",
                Territories.TerritoryKind.Region => "region",
                _ => "commune",
            },
            AuthorityCode = code?.Code,
            Status = "announced",
        }.WithBlankRows();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (document, errors) = Form.ToDocument();
        if (errors.Count == 0)
        {
            var (accepted, refused) = await proposals.ProposeAsync(new DossierProposalInput(document, ContributorEmail, Note), site.Of(Request), cancellationToken);
            if (accepted is not null)
            {
                return Redirect($"/proposer/merci?statut={accepted.Status}");
            }
            errors = refused;
        }
        DossierFormPage.AddErrors(ModelState, errors, key => text[key]);
        return Page();
    }
}
