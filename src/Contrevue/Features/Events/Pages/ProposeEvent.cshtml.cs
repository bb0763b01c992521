using Contrevue.Features.Events.Proposals;
using Contrevue.Features.Territories.Search;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Pages;

/// <summary>
/// Anyone proposes an event, without an account: the event form without the collective (an "organised by"
/// text instead) and with the proposer's address, which confirms it. Published once a moderator accepts it.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/proposer/merci")]
public sealed class ProposeEventModel(EventProposals proposals, TerritoryField territoryField, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public EventForm Form { get; set; } = new();
    [BindProperty] public string? OrganisedBy { get; set; }
    [BindProperty] public string? ContributorEmail { get; set; }
    public TerritoryFieldView Commune { get; private set; } = null!;

    public void OnGet() => Commune = CommuneField();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Commune = CommuneField();
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var (commune, failed, view) = await Form.CommuneAsync(territoryField, Commune, cancellationToken);
        Commune = view;
        if (failed | !Form.TryReadDossier(ModelState, out var dossier))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // An event only online is filed under the commune it concerns, not shown as taking place there.
        var onlineOnly = Form.Online && string.IsNullOrWhiteSpace(Form.Address);
        var input = onlineOnly ? Form.ToInput(null, null, commune, dossier) : Form.ToInput(null, commune, null, dossier);
        var (accepted, errors) = await proposals.ProposeAsync(input, OrganisedBy, ContributorEmail, site.Of(Request), cancellationToken);
        if (accepted is null)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(FormField(field), text[message]);
                }
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"/proposer/merci?statut={accepted.Status}");
    }

    private static string FormField(string field) => field switch
    {
        "organisedBy" => nameof(OrganisedBy),
        "contributorEmail" => nameof(ContributorEmail),
        // An online event's commune goes in as the territory it concerns.
        "place.territory" or "territory" => "Form.Commune",
        "place.address" => "Form.Address",
        _ => "Form." + char.ToUpperInvariant(field[0]) + field[1..],
    };

    private TerritoryFieldView CommuneField() =>
        new("commune", "Form.Commune", text["Commune du rendez-vous"], Form.Commune)
        {
            Hint = text["Pour un rendez-vous seulement en ligne : la commune qu'il concerne."],
        };
}
