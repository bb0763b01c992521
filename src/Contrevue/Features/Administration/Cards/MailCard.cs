using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Administration.Cards;

/// <summary>Is mail going out: the SMTP settings (never the password) and the outbox's counts.</summary>
public sealed class MailCard(ContrevueDbContext db, MailSettings mail, TimeProvider time) : IAdminDashboardCard
{
    public static readonly TimeSpan SentWindow = TimeSpan.FromDays(7);

    public sealed record View(MailSettings Settings, int PendingCount, int FailedCount, int SentRecentlyCount);

    public int Order => 100;

    public string PartialName => "/Features/Administration/Cards/_MailCard.cshtml";

    public async Task<object> LoadAsync(CancellationToken cancellationToken)
    {
        var outbox = db.OutboxMessages.AsNoTracking();
        // A message being sent is still waiting as far as the operator is concerned.
        var pending = await outbox.CountAsync(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending, cancellationToken);
        var failed = await outbox.CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);
        var since = (time.GetUtcNow() - SentWindow).UtcDateTime;
        var sent = await outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.SentAt >= since, cancellationToken);
        return new View(mail, pending, failed, sent);
    }
}
