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
/// A moderator reviews a member's new version of a published resource: its files and previews, then publishes it
/// as the resource's newest version, or refuses it with a reason (its files are then dropped where nothing else cites them).
/// </summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewKitVersionModel(ModerationService moderation, KitService kit, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public KitVersionProposalData Data { get; private set; } = null!;
    /// <summary>Null when the resource was deleted since.</summary>
    public KitResource? Resource { get; private set; }

    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        return await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken), cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var hashes = Data.Files.SelectMany(f => new[] { f.Sha256, f.PreviewSha256 }).OfType<string>().Distinct().ToList();
        var outcome = await moderation.RejectAsync(id, UserId, Reason, cancellationToken);
        if (outcome is ModerationOutcome.Done)
        {
            await kit.DropUncitedFilesAsync(hashes, cancellationToken);
        }
        return await DecideAsync(id, Task.FromResult(outcome), cancellationToken);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                if (proposal.Status == ProposalStatus.Approved && Resource is { } resource)
                {
                    TempData[KitPageModel.MessageKey] = "Version publiée.";
                    return Redirect(resource.PagePath);
                }
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Version publiée." : "Proposition refusée.";
                return Redirect("/moderation");
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
        if (await moderation.FindAsync(id, cancellationToken) is not { } proposal || proposal.Kind != KitVersionProposals.Kind)
        {
            return false;
        }
        Proposal = proposal;
        Data = KitVersionProposals.DataOf(proposal);
        Resource = await kit.FindAsync(Data.Resource, cancellationToken);
        return true;
    }
}
