using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>Report an authority's answer: published at once when a moderator records it, after moderation otherwise.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/campagnes")]
public sealed class AnswerModel(ContrevueDbContext db, CampaignResponses responses, Territories.Search.TerritoryField territoryField, SiteAddress site, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public string? TerritoryName { get; private set; }
    public string? TerritoryPath { get; private set; }
    public string Today { get; private set; } = "";
    /// <summary>The territory field as shown: its value, its error or the candidates of an ambiguous name.</summary>
    public Territories.Search.TerritoryFieldView TerritoryField { get; private set; } = null!;
    /// <summary>"published" or "pending" after a successful report.</summary>
    public string? Outcome { get; private set; }
    public bool IsModerator => User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);

    [BindProperty(SupportsGet = true)] public string? Territoire { get; set; }
    [BindProperty] public string? RespondedOn { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Quote { get; set; }
    [BindProperty] public string? SourceUrl { get; set; }
    [BindProperty] public string? ReportedBy { get; set; }
    [BindProperty] public string? ContributorEmail { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "resultat")] string? outcome, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        Outcome = outcome is "published" or "pending" or "awaiting-confirmation" ? outcome : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (TerritoryName is null)
        {
            return Page();
        }
        var moderatorId = IsModerator ? User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var input = new ResponseInput(Territoire, RespondedOn, Kind, Quote, SourceUrl, null, ReportedBy, ContributorEmail, Note);
        var outcome = await responses.RecordAsync(slug, input, moderatorId, mayAttachFile: false, site.Of(Request), cancellationToken);
        switch (outcome)
        {
            case ResponseOutcome.Published(var response, _):
                return Redirect($"/campagnes/{Uri.EscapeDataString(slug)}/reponse?territoire={Uri.EscapeDataString(response.Territory.ToString())}&resultat=published");
            case ResponseOutcome.Proposed(var proposal, _):
                return Redirect($"/campagnes/{Uri.EscapeDataString(slug)}/reponse?territoire={Uri.EscapeDataString(Territoire ?? "")}&resultat={proposal.Status}");
            case ResponseOutcome.Invalid(var errors):
                ModelState.AddFieldErrors(errors, text);
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return false;
        }
        Campaign = campaign;
        Today = ParisCalendar.Today(time).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        RespondedOn ??= Today;
        TerritoryField = new Territories.Search.TerritoryFieldView("territoire", nameof(Territoire), text["Commune"], Territoire);
        if (!string.IsNullOrWhiteSpace(Territoire) || HttpMethods.IsPost(Request.Method))
        {
            var (found, view) = await territoryField.ReadTerritoryFieldAsync(campaign, Territoire, TerritoryField, cancellationToken);
            TerritoryField = view;
            if (found is not null)
            {
                Territoire = found.Territory.ToString();
                TerritoryName = found.Name;
                TerritoryPath = CampaignInput.PathOf(found.Territory);
            }
        }
        return true;
    }
}
