using Contrevue.Features.Accounts;
using Contrevue.Features.Newsletter.Mailings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>The mailings of the lists the organiser organises, newest first, with their state and counters.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class EnvoisModel(MailingService mailings) : PageModel
{
    public List<(Mailing Mailing, MailingCounters Counters)> Mailings { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        foreach (var mailing in await mailings.ForUserAsync(User, cancellationToken))
        {
            Mailings.Add((mailing, await mailings.CountersAsync(mailing.Id, cancellationToken)));
        }
    }
}
