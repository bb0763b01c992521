using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// The outbox's state changes, each one SQL statement. A sender owns a message only after its
/// conditional UPDATE changed the row: whatever the number of senders or instances, one wins.
/// </summary>
internal static class OutboxClaims
{
    private const int Candidates = 10;

    /// <summary>
    /// Claims the next due message (or the given one): pending and due, or sending under an expired
    /// lease (its sender died). Returns null when there is none left to claim.
    /// </summary>
    public static async Task<OutboxMessage?> ClaimNextAsync(
        ContrevueDbContext db, string claimant, DateTime now, TimeSpan lease, long? onlyId = null)
    {
        var postgres = db.ProviderOf() == DatabaseProvider.Postgres;
        // On PostgreSQL, candidates are row-locked and skipped by concurrent senders, so that they
        // spread over different messages instead of all racing for the first one. SQLite serialises
        // writers anyway; a transaction there would only turn the race into SQLITE_BUSY errors.
        await using var transaction = postgres ? await db.Database.BeginTransactionAsync() : null;
        List<long> candidates = onlyId is { } id ? [id]
            : postgres ? await db.Database.SqlQuery<long>($"""
                SELECT id AS "Value" FROM outbox_messages
                WHERE (status = 'pending' AND next_attempt_at <= {now}) OR (status = 'sending' AND claimed_until < {now})
                ORDER BY next_attempt_at, id
                LIMIT {Candidates}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync()
            : await Claimable(db.OutboxMessages, now).OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Select(m => m.Id).Take(Candidates).ToListAsync();

        var leaseEnd = now + lease;
        foreach (var candidate in candidates)
        {
            var claimed = await Claimable(db.OutboxMessages, now).Where(m => m.Id == candidate)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Status, OutboxStatus.Sending)
                    .SetProperty(m => m.ClaimedUntil, leaseEnd)
                    .SetProperty(m => m.ClaimedBy, claimant)
                    .SetProperty(m => m.AttemptCount, m => m.AttemptCount + 1));
            if (claimed == 1)
            {
                if (transaction is not null)
                {
                    await transaction.CommitAsync();
                }
                return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == candidate);
            }
        }
        return null;
    }

    /// <summary>Recorded whoever holds the claim now: the message left, it must never leave again.</summary>
    public static Task MarkSentAsync(ContrevueDbContext db, long id, DateTime now) =>
        db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.Status, OutboxStatus.Sent)
            .SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.TextBody, m => m.ForgetBodyOnceSent ? "" : m.TextBody)
            .SetProperty(m => m.HtmlBody, m => m.ForgetBodyOnceSent ? "" : m.HtmlBody)
            .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
            .SetProperty(m => m.LastError, (string?)null));

    /// <summary>Back to pending with a later attempt time, or failed for good; only while still ours.</summary>
    public static Task MarkFailedAsync(ContrevueDbContext db, OutboxMessage message, string claimant, string error, bool permanent, DateTime now, MailSettings settings)
    {
        var giveUp = permanent || message.AttemptCount >= settings.MaxAttempts;
        var status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending;
        var nextAttempt = now + settings.RetryDelay(message.AttemptCount);
        var trimmed = error.Length > 1000 ? error[..1000] : error;
        return db.OutboxMessages
            .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Sending && m.ClaimedBy == claimant)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.NextAttemptAt, nextAttempt)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, trimmed)
                // A relayed message that will never leave is not kept either.
                .SetProperty(m => m.TextBody, m => giveUp && m.ForgetBodyOnceSent ? "" : m.TextBody)
                .SetProperty(m => m.HtmlBody, m => giveUp && m.ForgetBodyOnceSent ? "" : m.HtmlBody));
    }

    private static IQueryable<OutboxMessage> Claimable(IQueryable<OutboxMessage> messages, DateTime now) =>
        messages.Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            || (m.Status == OutboxStatus.Sending && m.ClaimedUntil < now));
}
