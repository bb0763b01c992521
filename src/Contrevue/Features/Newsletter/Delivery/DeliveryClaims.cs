using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>
/// The deliveries' state changes, each one SQL statement. A sender owns a delivery only after its
/// conditional UPDATE wrote its claim (<c>claimed_by</c>, unique per batch) on the row: whatever the
/// number of instances, one wins. Only the deliveries of a mailing that is scheduled and due are
/// claimed: pausing a mailing stops its claims, resuming lets them go again.
/// </summary>
internal static class DeliveryClaims
{
    /// <summary>
    /// Claims up to <paramref name="size"/> due deliveries: pending and due, or sending under an expired
    /// lease (their sender died). Returns them as claimed (attempt counted); empty when none is left.
    /// </summary>
    public static async Task<List<NewsletterDelivery>> ClaimBatchAsync(
        ContrevueDbContext db, string claim, DateTime now, DateTime leaseEnd, int size)
    {
        var postgres = db.ProviderOf() == DatabaseProvider.Postgres;
        for (var round = 0; round < 20; round++)
        {
            // On PostgreSQL, candidates are row-locked and skipped by concurrent senders, so that they
            // spread over different deliveries instead of racing for the same ones. SQLite serialises
            // writers anyway: the conditional UPDATE alone decides, and a sender that lost every
            // candidate looks again.
            await using var transaction = postgres ? await db.Database.BeginTransactionAsync() : null;
            List<long> candidates = postgres
                ? await db.Database.SqlQuery<long>($"""
                    SELECT d.id AS "Value" FROM newsletter_deliveries d
                    JOIN newsletter_mailings m ON m."Id" = d.mailing_id
                    WHERE m."Status" = 'scheduled' AND m."SendAt" <= {now}
                      AND ((d.status = 'pending' AND d.next_attempt_at <= {now}) OR (d.status = 'sending' AND d.claimed_until < {now}))
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT {size}
                    FOR UPDATE OF d SKIP LOCKED
                    """).ToListAsync()
                : await Claimable(db, now).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                    .Select(d => d.Id).Take(size).ToListAsync();
            if (candidates.Count == 0)
            {
                return [];
            }
            var claimed = await Claimable(db, now).Where(d => candidates.Contains(d.Id))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Status, DeliveryStatus.Sending)
                    .SetProperty(d => d.ClaimedUntil, leaseEnd)
                    .SetProperty(d => d.ClaimedBy, claim)
                    .SetProperty(d => d.AttemptCount, d => d.AttemptCount + 1));
            if (transaction is not null)
            {
                await transaction.CommitAsync();
            }
            if (claimed > 0)
            {
                return await db.Set<NewsletterDelivery>().AsNoTracking()
                    .Where(d => candidates.Contains(d.Id) && d.ClaimedBy == claim && d.Status == DeliveryStatus.Sending)
                    .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                    .ToListAsync();
            }
        }
        return [];
    }

    /// <summary>Recorded whoever holds the claim now: the message left, it must never leave again.</summary>
    public static Task MarkSentAsync(ContrevueDbContext db, long id, DateTime now) =>
        db.Set<NewsletterDelivery>().Where(d => d.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Sent)
            .SetProperty(d => d.SentAt, now)
            .SetProperty(d => d.ClaimedUntil, (DateTime?)null)
            .SetProperty(d => d.LastError, (string?)null));

    /// <summary>The subscriber left (or bounced) since the mailing was scheduled: nothing is sent to them.</summary>
    public static Task SkipAsync(ContrevueDbContext db, IReadOnlyCollection<long> ids, string claim) =>
        Ours(db, ids, claim).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Skipped)
            .SetProperty(d => d.ClaimedUntil, (DateTime?)null));

    /// <summary>Back to pending with a later attempt time, or failed for good; only while still ours.</summary>
    public static Task MarkFailedAsync(ContrevueDbContext db, NewsletterDelivery delivery, string claim, string error, bool permanent, DateTime now, MailSettings settings)
    {
        var giveUp = permanent || delivery.AttemptCount >= settings.MaxAttempts;
        var trimmed = error.Length > 1000 ? error[..1000] : error;
        return Ours(db, [delivery.Id], claim).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, giveUp ? DeliveryStatus.Failed : DeliveryStatus.Pending)
            .SetProperty(d => d.NextAttemptAt, now + settings.RetryDelay(delivery.AttemptCount))
            .SetProperty(d => d.ClaimedUntil, (DateTime?)null)
            .SetProperty(d => d.LastError, trimmed));
    }

    /// <summary>
    /// Claims given back unsent (the server is unreachable, the mailing was paused, the sender stops):
    /// pending, due at <paramref name="dueAt"/>, the attempt not counted since nothing reached a server.
    /// </summary>
    public static Task GiveBackAsync(ContrevueDbContext db, IReadOnlyCollection<long> ids, string claim, DateTime dueAt, string? error = null) =>
        ids.Count == 0 ? Task.CompletedTask : Ours(db, ids, claim).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, DeliveryStatus.Pending)
            .SetProperty(d => d.NextAttemptAt, dueAt)
            .SetProperty(d => d.ClaimedUntil, (DateTime?)null)
            .SetProperty(d => d.AttemptCount, d => d.AttemptCount > 0 ? d.AttemptCount - 1 : 0)
            .SetProperty(d => d.LastError, d => error ?? d.LastError));

    /// <summary>
    /// Marks Completed every scheduled mailing none of whose deliveries is pending or sending any more;
    /// conditional, so two senders complete it once, and a pause in the meantime wins.
    /// </summary>
    public static Task<int> CompleteMailingsAsync(ContrevueDbContext db, DateTime now) =>
        db.Set<Mailing>()
            .Where(m => m.Status == MailingStatus.Scheduled && m.SendAt <= now
                && !db.Set<NewsletterDelivery>().Any(d => d.MailingId == m.Id
                    && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Sending)))
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, MailingStatus.Completed)
                .SetProperty(m => m.CompletedAt, now)
                // A page holding the mailing (to pause it, say) must reload it rather than overwrite this.
                .SetProperty(m => m.Version, m => m.Version + 1));

    private static IQueryable<NewsletterDelivery> Ours(ContrevueDbContext db, IReadOnlyCollection<long> ids, string claim)
    {
        var array = ids.ToArray();
        return db.Set<NewsletterDelivery>().Where(d => array.Contains(d.Id) && d.Status == DeliveryStatus.Sending && d.ClaimedBy == claim);
    }

    private static IQueryable<NewsletterDelivery> Claimable(ContrevueDbContext db, DateTime now) =>
        db.Set<NewsletterDelivery>().Where(d =>
            ((d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now) || (d.Status == DeliveryStatus.Sending && d.ClaimedUntil < now))
            && db.Set<Mailing>().Any(m => m.Id == d.MailingId && m.Status == MailingStatus.Scheduled && m.SendAt <= now));
}
