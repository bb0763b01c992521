using Contrevue.Data;
using Contrevue.Features.Campaigns.Batch;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>
/// A batch's letters declared sent in one go: the communes come pre-filled from the batch (its
/// département, its intercommunalité or its list), one per line, names or codes; one date, one channel.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/campagnes")]
public sealed class BatchSentModel(
    ContrevueDbContext db, CampaignRequests requests, TerritoryField territoryField, LetterBatchComposer batches, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public string Today { get; private set; } = "";
    /// <summary>How many were recorded, after the redirect.</summary>
    public int? Recorded { get; private set; }
    /// <summary>The lines that name no single commune, each with why.</summary>
    public IReadOnlyList<string> LineErrors { get; private set; } = [];
    /// <summary>Communes declared at once: as many as a batch of letters holds for this visitor.</summary>
    public int MaxCommunes => LetterBatchComposer.MayAskForMore(User) ? LetterBatchComposer.MaxCommunes : batches.PublicMaxCommunes;

    [BindProperty] public string? Communes { get; set; }
    [BindProperty] public string? SentOn { get; set; }
    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public string? ReceivedOn { get; set; }
    [BindProperty] public string? PublicName { get; set; }

    public async Task<IActionResult> OnGetAsync(
        string slug, [FromQuery(Name = "departement")] string? departement, [FromQuery(Name = "epci")] string? epci,
        [FromQuery(Name = "communes")] string? communes, [FromQuery(Name = "enregistre")] int? recorded, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        Recorded = recorded is > 0 ? recorded : null;
        SentOn = Today;
        Communes = await PrefillAsync(departement, epci, communes, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        var lines = (Communes ?? "").ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > MaxCommunes)
        {
            ModelState.AddModelError("communes", text["{0} communes au plus en une fois ; vous en donnez {1}.", MaxCommunes, lines.Length]);
            return Page();
        }
        // Every line read before anything is recorded: one mistake loses nothing and records nothing.
        var territories = new List<TerritoryReference>();
        var lineErrors = new List<string>();
        var kinds = CampaignInput.TargetKindsOf(Campaign);
        foreach (var (line, number) in lines.Select((line, i) => (line, i + 1)))
        {
            switch (await territoryField.ResolveAsync(line, kinds, cancellationToken))
            {
                case TerritoryFieldResult.Found found:
                    territories.Add(found.Territory);
                    break;
                case TerritoryFieldResult.Ambiguous ambiguous:
                    lineErrors.Add(text["Ligne {0} : {1} Par exemple « {2} ».", number, ambiguous.Message, ambiguous.Choices[0].FieldValue]);
                    break;
                case TerritoryFieldResult.Invalid invalid:
                    lineErrors.Add(text["Ligne {0} : {1}", number, invalid.Message]);
                    break;
            }
        }
        if (lineErrors.Count > 0)
        {
            LineErrors = lineErrors;
            return Page();
        }
        var input = new RequestInput(null, SentOn, Channel, Channel == "registered-post" ? ReceivedOn : null, PublicName);
        switch (await requests.RecordBatchAsync(slug, territories, input, cancellationToken))
        {
            case RequestOutcome.RecordedBatch(var count):
                return Redirect($"/campagnes/{Uri.EscapeDataString(slug)}/envois-groupes?enregistre={count}");
            case RequestOutcome.Invalid(var errors):
                ModelState.AddFieldErrors(errors, text);
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>The batch's communes, one per line as « Name (code) », from its selector; nothing for an unknown one.</summary>
    private async Task<string?> PrefillAsync(string? departement, string? epci, string? communes, CancellationToken cancellationToken)
    {
        var query = db.Set<Commune>().AsNoTracking().Where(c => c.Kind == CommuneKind.Commune);
        if (!string.IsNullOrWhiteSpace(departement) && departement.Trim().Length <= 3)
        {
            var code = departement.Trim().ToUpperInvariant();
            query = query.Where(c => c.DepartementCode == code);
        }
        else if (!string.IsNullOrWhiteSpace(epci) && epci.Trim().Length == 9)
        {
            var siren = epci.Trim();
            query = query.Where(c => c.EpciSiren == siren);
        }
        else if (!string.IsNullOrWhiteSpace(communes) && communes.Length <= 50 * LetterBatchComposer.MaxCommunes)
        {
            var entries = communes.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxCommunes).ToList();
            // Names as the batch was given them are read when the form is sent; codes are shown with their names.
            if (!entries.All(e => e.Length == 5 && e.All(char.IsAsciiLetterOrDigit)))
            {
                return string.Join("\n", entries);
            }
            query = db.Set<Commune>().AsNoTracking().Where(c => entries.Contains(c.Code));
        }
        else
        {
            return null;
        }
        var found = await query.OrderBy(c => c.Code).Take(MaxCommunes + 1)
            .Select(c => new { c.Code, c.Name }).ToListAsync(cancellationToken);
        return string.Join("\n", found.Take(MaxCommunes).Select(c => $"{c.Name} ({c.Code})"));
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
        return true;
    }
}
