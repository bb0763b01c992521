using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Veille.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Pages;

/// <summary>A moderator reads an article proposed by the public and publishes it as proposed, or refuses it with a reason.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewArticleProposalModel(ModerationService moderation, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public ArticleInput Data { get; private set; } = null!;
    public string? CanonicalUrl { get; private set; }

    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Article publié dans la veille." : "Proposition refusée.";
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
        if (await moderation.FindAsync(id, cancellationToken) is not { } proposal || proposal.Kind != ArticleProposals.Kind)
        {
            return false;
        }
        Proposal = proposal;
        Data = ArticleProposals.DataOf(proposal).Article;
        CanonicalUrl = ArticleUrl.Canonicalize(Data.Url);
        return true;
    }
}
