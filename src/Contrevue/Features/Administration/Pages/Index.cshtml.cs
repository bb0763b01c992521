using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Administration.Pages;

/// <summary>What an administrator checks first: is mail going out, and which territory data is served.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ContrevueDbContext db, MailSettings mail, TimeProvider time) : PageModel
{
    public static readonly TimeSpan SentWindow = TimeSpan.FromDays(7);

    public MailSettings Mail { get; } = mail;
    public int PendingCount { get; private set; }
    public int FailedCount { get; private set; }
    public int SentRecentlyCount { get; private set; }
    public TerritoryImport? LastImport { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var outbox = db.OutboxMessages.AsNoTracking();
        // A message being sent is still waiting as far as the operator is concerned.
        PendingCount = await outbox.CountAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending, cancellationToken);
        FailedCount = await outbox.CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);
        var since = (time.GetUtcNow() - SentWindow).UtcDateTime;
        SentRecentlyCount = await outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.SentAt >= since, cancellationToken);
        LastImport = await db.TerritoryImports.AsNoTracking().OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
