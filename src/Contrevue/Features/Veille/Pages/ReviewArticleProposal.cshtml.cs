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
public sealed class ReviewArticleProposalModel(ModerationService moderation, TerritoryMentions mentions, TerritoryListField territoryField, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public ArticleInput Data { get; private set; } = null!;
    public string? CanonicalUrl { get; private set; }

    /// <summary>The proposer's territories, by name and code.</summary>
    public string ProposedTerritories { get; private set; } = "";

    /// <summary>What the title and summary name ambiguously, each with its candidates and « none » (the sure ones are already in <see cref="Territories"/>).</summary>
    public IReadOnlyList<TerritoryQuestion> Suggestions { get; private set; } = [];

    /// <summary>The names the moderator typed that several territories bear, asked back.</summary>
    public IReadOnlyList<TerritoryQuestion> Questions { get; private set; } = [];

    public TerritoryQuestionsView QuestionsView => new(nameof(Picks), Questions);

    public TerritoryQuestionsView SuggestionsView => new(nameof(SuggestedPicks), Suggestions, OfferNone: true);

    [BindProperty] public string? Reason { get; set; }

    /// <summary>« Hérault (departement:34), Sète (34301), Saint-Étienne »: the proposer's territories and the suggested ones, as the moderator leaves them, by name or code.</summary>
    [BindProperty] public string? Territories { get; set; }

    /// <summary>The answers to <see cref="Questions"/>.</summary>
    [BindProperty] public List<TerritoryPick> Picks { get; set; } = [];

    /// <summary>The answers to <see cref="Suggestions"/>: a candidate to add, or none.</summary>
    [BindProperty] public List<TerritoryPick> SuggestedPicks { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var sure = Suggested.Where(s => s.Territory is not null).Select(s => s.Territory!);
        Territories = (await territoryField.ResolveAsync([.. Data.Territories ?? [], .. sure], cancellationToken)).ExactText;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken)
    {
        // Read once: what the page shows again on an error is what the decision was made on.
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!Request.Form.ContainsKey(nameof(Territories)))
        {
            // A form without the field (an older page): published as proposed.
            return await DecideAsync(moderation.ApproveAsync(id, UserId, null, cancellationToken));
        }
        var territories = await territoryField.ResolveAsync(Territories, [.. Picks, .. SuggestedPicks], cancellationToken);
        Territories = territories.Text;
        if (!territories.IsComplete)
        {
            Questions = territories.Questions;
            foreach (var error in territories.Errors.Append(territories.Prompt).OfType<string>())
            {
                ModelState.AddModelError(nameof(Territories), error);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var edited = System.Text.Json.JsonSerializer.Serialize(new ArticleProposalData(Data with { Territories = territories.References }), ArticleProposals.Json);
        return await DecideAsync(moderation.ApproveAsync(id, UserId, null, cancellationToken, edited));
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        return await DecideAsync(moderation.RejectAsync(id, UserId, Reason, cancellationToken));
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private IReadOnlyList<TerritoryMention> Suggested { get; set; } = [];

    /// <summary>The decision's outcome; on an error the page comes back with what was loaded before it.</summary>
    private async Task<IActionResult> DecideAsync(Task<ModerationOutcome> decision)
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
                        ModelState.AddModelError(FieldOf(field), text[message]);
                    }
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ModerationOutcome.AlreadyDecided:
                TempData["Message"] = "Cette proposition avait déjà été traitée.";
                return Redirect("/moderation");
            default:
                return NotFound();
        }
    }

    /// <summary>The page's field of a decision's error.</summary>
    private static string FieldOf(string field) => field switch
    {
        "reason" => nameof(Reason),
        "territories" => nameof(Territories),
        _ => "",
    };

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await moderation.FindAsync(id, cancellationToken) is not { } proposal || proposal.Kind != ArticleProposals.Kind)
        {
            return false;
        }
        Proposal = proposal;
        Data = ArticleProposals.DataOf(proposal).Article;
        CanonicalUrl = ArticleUrl.Canonicalize(Data.Url);
        if (proposal.Status != ProposalStatus.Pending)
        {
            return true;
        }
        ProposedTerritories = (await territoryField.ResolveAsync(Data.Territories ?? [], cancellationToken)).ExactText;
        Suggested = await mentions.FindAsync($"{Data.Title}\n{Data.Summary}", cancellationToken);
        var suggestions = new List<TerritoryQuestion>();
        foreach (var mention in Suggested.Where(s => s.Ambiguous))
        {
            if (await territoryField.AskAsync(mention.Text, cancellationToken) is { } question)
            {
                // The candidates the text allows (« Saint-Denis » near « Seine-Saint-Denis »: not all the homonyms).
                var allowed = question.Choices.Where(c => mention.Candidates.Contains(c.Territory.Kind == TerritoryKind.Commune ? c.Territory.Code : c.Territory.ToString())).ToList();
                suggestions.Add(question with
                {
                    Choices = allowed.Count > 1 ? allowed : question.Choices,
                    Message = text["L'article nomme « {0} » : s'agit-il de l'un de ces territoires ?", mention.Text],
                });
            }
        }
        Suggestions = suggestions;
        return true;
    }
}
