using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Mentions;
using Contrevue.Features.Veille.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Pages;

/// <summary>
/// A moderator reads an article proposed by the public and publishes it, with the territories it concerns
/// checked — those the proposer gave and those its title and summary name, suggested, to accept or correct —,
/// or refuses it with a reason.
/// </summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewArticleProposalModel(ModerationService moderation, TerritoryMentions mentions, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public ArticleInput Data { get; private set; } = null!;
    public string? CanonicalUrl { get; private set; }

    /// <summary>What the title and summary name: the sure ones are already in <see cref="Territories"/>, the ambiguous ones listed with their candidates.</summary>
    public IReadOnlyList<TerritoryMention> Suggested { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }

    /// <summary>« commune:42218, departement:42 »: the proposer's territories and the suggested ones, as the moderator leaves them.</summary>
    [BindProperty] public string? Territories { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Territories = string.Join(", ", ProposedAndSuggested());
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken)
    {
        if (await moderation.FindAsync(id, cancellationToken) is not { } proposal || proposal.Kind != ArticleProposals.Kind)
        {
            return NotFound();
        }
        if (!Request.Form.ContainsKey(nameof(Territories)))
        {
            // A form without the field (an older page): published as proposed.
            return await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken), cancellationToken);
        }
        var proposed = ArticleProposals.DataOf(proposal).Article;
        var territories = (Territories ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100).ToList();
        var edited = System.Text.Json.JsonSerializer.Serialize(new ArticleProposalData(proposed with { Territories = territories }), ArticleProposals.Json);
        return await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken, edited), cancellationToken);
    }

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
        Suggested = await mentions.FindAsync($"{Data.Title}\n{Data.Summary}", cancellationToken);
        return true;
    }

    /// <summary>The proposer's territories, then the ones the text names for sure, each once, in one spelling.</summary>
    private IEnumerable<string> ProposedAndSuggested() =>
        (Data.Territories ?? []).Concat(Suggested.Where(s => s.Territory is not null).Select(s => s.Territory!))
            .Select(reference => TerritoryReference.TryParse(reference, out var parsed) ? parsed.Value.ToString() : reference)
            .Distinct(StringComparer.Ordinal);
}
