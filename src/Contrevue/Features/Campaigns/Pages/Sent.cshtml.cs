using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>"J'ai envoyé ma lettre": the sender says when and how; an address, if given, is for the follow-up only.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/campagnes")]
public sealed class SentModel(ContrevueDbContext db, CampaignRequests requests, Territories.Search.TerritoryField territoryField, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public string? TerritoryName { get; private set; }
    /// <summary>The territory's public page, where its status in the campaign is shown.</summary>
    public string? TerritoryPath { get; private set; }
    public bool Recorded { get; private set; }
    public string Today { get; private set; } = "";
    /// <summary>The territory field as shown: its value, its error or the candidates of an ambiguous name.</summary>
    public Territories.Search.TerritoryFieldView TerritoryField { get; private set; } = null!;

    [BindProperty(SupportsGet = true)] public string? Territoire { get; set; }
    [BindProperty] public string? SentOn { get; set; }
    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public string? ReceivedOn { get; set; }
    [BindProperty] public string? PublicName { get; set; }
    [BindProperty] public string? ContactEmail { get; set; }
    [BindProperty] public bool FollowUpConsent { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "enregistre")] bool recorded, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        Recorded = recorded;
        SentOn ??= Today;
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
        if (!string.IsNullOrWhiteSpace(ContactEmail) && !FollowUpConsent)
        {
            ModelState.AddModelError(nameof(FollowUpConsent), text["Cochez la case pour accepter les relances, ou laissez l'adresse vide."]);
            return Page();
        }
        if (TerritoryName is null)
        {
            // LoadAsync read the field: its error, or its candidates, are shown next to it.
            return Page();
        }
        var input = new RequestInput(Territoire, SentOn, Channel, Channel == "registered-post" ? ReceivedOn : null, PublicName, ContactEmail);
        switch (await requests.RecordAsync(slug, input, cancellationToken))
        {
            case RequestOutcome.Recorded(var request, _, _):
                return Redirect($"/campagnes/{Uri.EscapeDataString(slug)}/envoi?territoire={Uri.EscapeDataString(request.Territory.ToString())}&enregistre=true");
            case RequestOutcome.Invalid(var errors):
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
        TerritoryField = new Territories.Search.TerritoryFieldView("territoire", nameof(Territoire), text["Commune"], Territoire);
        // A first visit without a territory is not an error; a name is read as the field reads it.
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
