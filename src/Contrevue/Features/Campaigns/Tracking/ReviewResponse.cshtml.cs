using System.Security.Claims;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>A moderator checks an answer reported by the public: publish it (possibly corrected) or reject it with a reason.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewResponseModel(ModerationService moderation, CampaignResponses responses, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public string TerritoryName { get; private set; } = "";
    public string CampaignTitle { get; private set; } = "";
    public string TerritoryPath { get; private set; } = "";

    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? RespondedOn { get; set; }
    [BindProperty] public string? Quote { get; set; }
    [BindProperty] public string? SourceUrl { get; set; }
    [BindProperty] public string? ReportedBy { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var data = CampaignResponseWriter.DataOf(Proposal);
        Kind = data.Kind;
        RespondedOn = data.RespondedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Quote = data.Quote;
        SourceUrl = data.SourceUrl;
        ReportedBy = data.ReportedBy;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var data = CampaignResponseWriter.DataOf(Proposal);
        var edited = new ResponseInput(data.Territory, RespondedOn, Kind, Quote, SourceUrl, data.FileSha256, ReportedBy);
        return await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken, JsonSerializer.Serialize(edited, CompactJson.Options)), cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Réponse approuvée et publiée." : "Proposition refusée.";
                return Redirect("/moderation");
            case ModerationOutcome.Invalid(var errors):
                ModelState.AddFieldErrors(errors, text);
                await LoadAsync(id, cancellationToken);
                return Page();
            case ModerationOutcome.AlreadyDecided:
                TempData["Message"] = "Cette proposition avait déjà été traitée.";
                return Redirect("/moderation");
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await responses.FindForReviewAsync(id, cancellationToken) is not { } review)
        {
            return false;
        }
        Proposal = review.Proposal;
        TerritoryName = review.TerritoryName;
        TerritoryPath = CampaignInput.PathOf(review.Proposal.Territory);
        CampaignTitle = review.CampaignTitle;
        return true;
    }
}
