using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Kit.Proposals;
using Contrevue.Features.Moderation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Kit.Pages;

/// <summary>
/// A moderator reads a resource proposed by the public and accepts it (a pending resource is made, to be
/// completed with its file and published from its page) or refuses it with a reason.
/// </summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewKitProposalModel(ModerationService moderation, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public KitProposalData Data { get; private set; } = null!;

    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved
                    ? "Ressource ajoutée au kit, en attente de ses fichiers et de sa publication."
                    : "Proposition refusée.";
                return Redirect(proposal.Status == ProposalStatus.Approved ? "/kit" : "/moderation");
            case ModerationOutcome.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(field == "reason" ? nameof(Reason) : "", text[message]);
                    }
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
            case ModerationOutcome.AlreadyDecided:
                TempData["Message"] = "Cette proposition avait déjà été traitée.";
                return Redirect("/moderation");
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await moderation.FindAsync(id, cancellationToken) is not { } proposal || proposal.Kind != KitProposals.Kind)
        {
            return false;
        }
        Proposal = proposal;
        Data = KitProposals.DataOf(proposal);
        return true;
    }
}
