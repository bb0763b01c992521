using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Feeds.Pages;

/// <summary>
/// The items feeds brought, waiting for a moderator: each with the territories its title and summary name — the sure
/// ones checked, the ambiguous ones with their candidates to choose —, and other INSEE codes to add. Accepting
/// publishes the article; rejecting closes the item (the next poll does not bring it back).
/// </summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class QueueModel(FeedService feeds, ArticleService articles, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string Path = "/veille/a-verifier";

    public IReadOnlyList<QueuedItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    /// <summary>Names of the suggested territories and candidates, for their labels.</summary>
    public IReadOnlyDictionary<TerritoryReference, (string Name, string Path)> Names { get; private set; } = new Dictionary<TerritoryReference, (string, string)>();
    /// <summary>The item whose acceptance failed, and why.</summary>
    public (int Item, IReadOnlyList<string> Errors)? Failed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <param name="territories">The checked references.</param>
    /// <param name="other">More territories: INSEE codes or references, separated by commas or spaces.</param>
    public async Task<IActionResult> OnPostAcceptAsync(int item, string[]? territories, string? other, CancellationToken cancellationToken)
    {
        var chosen = (territories ?? []).Concat((other ?? "").Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Take(100).Distinct(StringComparer.Ordinal).ToList();
        switch (await feeds.AcceptAsync(item, chosen, UserId, cancellationToken))
        {
            case ItemDecision.Accepted(var article):
                TempData["Message"] = text["Article publié dans la veille : {0}", article.Title].Value;
                return Redirect(Path);
            case ItemDecision.AlreadyPublished(_, var path):
                TempData["Message"] = text["Cet article était déjà dans la veille ({0}) : retiré de la file.", path].Value;
                return Redirect(Path);
            case ItemDecision.Invalid(var errors):
                Failed = (item, [.. errors.SelectMany(e => e.Value).Select(m => (string)text[m])]);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadAsync(cancellationToken);
                return Page();
            default:
                TempData["Message"] = text["Cet article avait déjà été traité."].Value;
                return Redirect(Path);
        }
    }

    public async Task<IActionResult> OnPostRejectAsync(int item, CancellationToken cancellationToken)
    {
        TempData["Message"] = await feeds.RejectAsync(item, UserId, cancellationToken) is ItemDecision.Rejected
            ? text["Article écarté."].Value
            : text["Cet article avait déjà été traité."].Value;
        return Redirect(Path);
    }

    private string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        (var items, Total) = await feeds.QueueAsync(cancellationToken);
        Items = items;
        var references = items.SelectMany(i => i.Suggested).SelectMany(s => s.Candidates.Prepend(s.Territory ?? ""))
            .Select(r => TerritoryReference.TryParse(r, out var parsed) ? parsed : null).OfType<TerritoryReference>();
        Names = await articles.NamesAsync(references, cancellationToken);
    }

    /// <summary>A reference's label: « Saint-Denis (93066) ».</summary>
    public string Label(string reference) =>
        TerritoryReference.TryParse(reference, out var parsed) && Names.TryGetValue(parsed.Value, out var name)
            ? $"{name.Name} ({parsed.Value.Code})"
            : reference;
}
