using Contrevue.Infrastructure.History;
using System.Security.Claims;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Contacts.Pages;

/// <summary>A moderator reviews a contacts proposal against the published contacts, corrects it if need be, and decides.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewContactModel(ContactProposals proposals, ModerationService moderation, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public string TerritoryName { get; private set; } = "";
    public IReadOnlyList<FieldChange> Changes { get; private set; } = [];

    [BindProperty] public ContactData Edited { get; set; } = new(null, null, null, null, null, null);
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Edited = ContactData.Of(ContactProposals.FactsOf(Proposal));
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken, JsonSerializer.Serialize(Edited, ContactService.Json)), cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Proposition approuvée et publiée." : "Proposition refusée.";
                return Redirect("/moderation");
            case ModerationOutcome.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(field == "reason" ? nameof(Reason) : "", text[message]);
                    }
                }
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
        // Other kinds have their own review page (sources of dossiers: /moderation/sources/{id}).
        if (await proposals.ReviewAsync(id, cancellationToken) is not { } review)
        {
            return false;
        }
        (Proposal, TerritoryName, Changes) = (review.Proposal, review.TerritoryName, review.Changes);
        return true;
    }
}
