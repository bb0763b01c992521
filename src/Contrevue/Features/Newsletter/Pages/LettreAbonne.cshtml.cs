using Contrevue.Features.Accounts;
using Contrevue.Features.Newsletter.Subscriptions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>One subscriber's consent log, for an organiser of one of the lists it holds or held; nobody else learns it exists.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class LettreAbonneModel(SubscriptionService subscriptions, NewsletterPermissions permissions) : PageModel
{
    public Subscriber? Subscriber { get; private set; }
    public IReadOnlyList<ConsentRecord> Log { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        Subscriber = await subscriptions.FindAsync(id, cancellationToken);
        if (Subscriber is null)
        {
            return NotFound();
        }
        Log = await subscriptions.ConsentLogAsync(id, cancellationToken);
        var lists = Subscriber.Subscriptions.Select(s => s.ListCode)
            .Concat(Log.SelectMany(r => r.Lists.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            .Distinct();
        foreach (var list in SubscriptionService.Parse(lists))
        {
            if (await permissions.MayOrganiseAsync(User, list, cancellationToken))
            {
                return Page();
            }
        }
        return NotFound();
    }
}
