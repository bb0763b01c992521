using Contrevue.Features.Veille.Proposals;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Pages;

/// <summary>Anyone proposes an article, without an account, with an address that confirms it; published once a moderator accepts it.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/proposer/merci")]
public sealed class ProposeArticleModel(ArticleProposals proposals, TerritoryListField territories, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ArticleForm Form { get; set; } = new();
    [BindProperty] public string? ContributorEmail { get; set; }

    public ArticleChange.Duplicate? Duplicate { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (await Form.ToInputAsync(ModelState, territories, cancellationToken) is not { } input)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var (accepted, errors, duplicate) = await proposals.ProposeAsync(input, ContributorEmail, site.Of(Request), cancellationToken);
        if (duplicate is not null)
        {
            Duplicate = duplicate;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (accepted is null)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field == "contributorEmail" ? nameof(ContributorEmail) : ArticleForm.FieldOf(field), text[message]);
                }
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"/proposer/merci?statut={accepted.Status}");
    }
}
