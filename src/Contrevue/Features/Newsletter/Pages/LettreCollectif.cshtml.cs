using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>A collective's own list: its members open it (its profile then shows the subscribe form) or close it.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class LettreCollectifModel(SubscriptionService subscriptions, NewsletterPermissions permissions, CollectiveDirectory collectives, CacheInvalidation cache) : PageModel
{
    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool Open { get; private set; }
    public string ListCode => NewsletterList.Collective(Id).Code;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOpenAsync(int id, CancellationToken cancellationToken) => await SetAsync(id, true, cancellationToken);

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken cancellationToken) => await SetAsync(id, false, cancellationToken);

    private async Task<IActionResult> SetAsync(int id, bool open, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await subscriptions.SetOpenAsync(id, open, cancellationToken);
        // The collective's profile (cached) shows the form, or stops showing it.
        await cache.EvictAsync([CollectivesCache.Tag], cancellationToken);
        return Redirect($"/lettre/collectif/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        if (id <= 0 || !await permissions.MayOrganiseAsync(User, NewsletterList.Collective(id), cancellationToken))
        {
            return false;
        }
        (Id, Name, Open) = (id, await collectives.NameAsync(id, cancellationToken), await subscriptions.IsOpenAsync(id, cancellationToken));
        return true;
    }
}
