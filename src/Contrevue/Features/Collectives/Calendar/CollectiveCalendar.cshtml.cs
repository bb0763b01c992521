using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives.Calendar;

/// <summary>A collective's members create, renew or revoke the secret address of its calendar of deadlines.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class CollectiveCalendarModel(ContrevueDbContext db, CollectiveCalendar calendars, SiteAddress site) : PageModel
{
    public string CollectiveName { get; private set; } = "";
    public bool HasFeed { get; private set; }
    /// <summary>Shown once, right after it is made: only its hash is kept.</summary>
    public string? NewAddress { get; private set; }
    public bool Revoked { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRenewAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var token = await calendars.RenewAsync(id, UserId, cancellationToken);
        NewAddress = site.Of(Request) + CollectiveCalendar.PathOf(token);
        HasFeed = true;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        await calendars.RevokeAsync(id, UserId, cancellationToken);
        HasFeed = false;
        Revoked = true;
        return Page();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Members only; for anyone else the collective's calendar does not exist.</summary>
    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (!await db.Set<CollectiveMember>().AnyAsync(m => m.CollectiveId == id && m.UserId == UserId, cancellationToken))
        {
            return false;
        }
        CollectiveName = await db.Set<Collective>().Where(c => c.Id == id).Select(c => c.Name).FirstAsync(cancellationToken);
        HasFeed = await calendars.HasFeedAsync(id, cancellationToken);
        return true;
    }
}
