using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Feeds.Pages;

/// <summary>
/// The feeds moderators follow: each with its state (active, paused, its last error), a form to add one (read at
/// once), and buttons to poll now, pause, resume or stop following.
/// </summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class FeedsModel(FeedService feeds, FeedPoller poller, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string Path = "/veille/flux";

    public IReadOnlyList<FeedSubscription> Feeds { get; private set; } = [];
    public IReadOnlyDictionary<int, int> Pending { get; private set; } = new Dictionary<int, int>();

    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Title { get; set; }
    /// <summary>One per line or separated by commas.</summary>
    [BindProperty] public string? Keywords { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var keywords = (Keywords ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100).ToList();
        switch (await feeds.CreateAsync(new FeedInput(Address, Title, keywords), UserId, cancellationToken))
        {
            case FeedChange.Done(var feed):
                var result = await poller.PollNowAsync(feed.Id, cancellationToken);
                TempData["Message"] = result?.Error is { } error
                    ? text["Flux ajouté, mais sa lecture a échoué : {0}", error].Value
                    : text["Flux ajouté : {0} article(s) à vérifier.", result?.Added ?? 0].Value;
                return Redirect(Path);
            case FeedChange.Duplicate(var existing):
                ModelState.AddModelError(nameof(Address), text["Cette adresse est déjà celle du flux n° {0}.", existing]);
                break;
            case FeedChange.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    var key = field switch { "url" => nameof(Address), "title" => nameof(Title), _ => nameof(Keywords) };
                    ModelState.AddModelError(key, text[messages[0]]);
                }
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPollAsync(int id, CancellationToken cancellationToken)
    {
        if (await poller.PollNowAsync(id, cancellationToken) is not { } result)
        {
            return NotFound();
        }
        TempData["Message"] = result.Error is { } error
            ? text["La lecture a échoué : {0}", error].Value
            : text["Flux lu : {0} nouvel(s) article(s) à vérifier.", result.Added].Value;
        return Redirect(Path);
    }

    public Task<IActionResult> OnPostPauseAsync(int id, CancellationToken cancellationToken) =>
        ChangeAsync(feeds.SetPausedAsync(id, true, UserId, cancellationToken), text["Flux suspendu."]);

    public async Task<IActionResult> OnPostResumeAsync(int id, CancellationToken cancellationToken)
    {
        if (!await feeds.SetPausedAsync(id, false, UserId, cancellationToken) || await poller.PollNowAsync(id, cancellationToken) is not { } result)
        {
            return NotFound();
        }
        TempData["Message"] = result.Error is { } error
            ? text["Flux repris, mais sa lecture a échoué : {0}", error].Value
            : text["Flux repris : {0} nouvel(s) article(s) à vérifier.", result.Added].Value;
        return Redirect(Path);
    }

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken) =>
        ChangeAsync(feeds.DeleteAsync(id, UserId, cancellationToken), text["Flux retiré."]);

    private async Task<IActionResult> ChangeAsync(Task<bool> change, string message)
    {
        if (!await change)
        {
            return NotFound();
        }
        TempData["Message"] = message;
        return Redirect(Path);
    }

    private string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Feeds = await feeds.ListAsync(cancellationToken);
        Pending = await feeds.PendingCountsAsync(cancellationToken);
    }
}
