using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>
/// The sending rate every instance shares, held in the database's single
/// <see cref="NewsletterSendingRate"/> row. A sender reserves slots by moving <c>next_slot_at</c>
/// forward with an UPDATE that only succeeds if nobody moved it since it was read (optimistic: no lock
/// held while waiting), then waits for its slot: whatever the number of instances, two reserved slots
/// are at least 1/rate apart.
/// </summary>
internal static class SendingRate
{
    public const double Lowest = 1;
    public const double Highest = 1_000;

    /// <summary>The rate in force, the row created from the configured default when missing.</summary>
    public static async Task<NewsletterSendingRate> ReadAsync(ContrevueDbContext db, double defaultRate, DateTime now)
    {
        var row = await db.Set<NewsletterSendingRate>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == NewsletterSendingRate.SingletonId);
        if (row is not null)
        {
            return row;
        }
        // Whichever instance seeds it first, the others' INSERT does nothing.
        var rate = Math.Clamp(defaultRate, Lowest, Highest);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO newsletter_sending_rate (id, messages_per_second, next_slot_at)
            VALUES ({NewsletterSendingRate.SingletonId}, {rate}, {now})
            ON CONFLICT (id) DO NOTHING
            """);
        return await db.Set<NewsletterSendingRate>().AsNoTracking().SingleAsync(r => r.Id == NewsletterSendingRate.SingletonId);
    }

    /// <summary>Changes the rate; the slots already reserved stand, the next ones follow the new rate.</summary>
    public static async Task SetAsync(ContrevueDbContext db, double messagesPerSecond, double defaultRate, DateTime now)
    {
        await ReadAsync(db, defaultRate, now);
        await db.Set<NewsletterSendingRate>().Where(r => r.Id == NewsletterSendingRate.SingletonId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.MessagesPerSecond, messagesPerSecond));
    }

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive slots, the first at <paramref name="now"/> or at the
    /// next free slot if later; returns their instants.
    /// </summary>
    public static async Task<IReadOnlyList<DateTime>> ReserveAsync(ContrevueDbContext db, int count, double defaultRate, DateTime now)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await ReadAsync(db, defaultRate, now);
            var interval = TimeSpan.FromSeconds(1 / Math.Clamp(row.MessagesPerSecond, Lowest, Highest));
            var first = row.NextSlotAt > now ? row.NextSlotAt : now;
            // Rounded up to the microsecond, PostgreSQL's precision: a stored instant is never earlier than computed.
            var next = CeilingToMicrosecond(first + interval * count);
            var moved = await db.Set<NewsletterSendingRate>()
                .Where(r => r.Id == NewsletterSendingRate.SingletonId && r.NextSlotAt == row.NextSlotAt)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextSlotAt, next));
            if (moved == 1)
            {
                return [.. Enumerable.Range(0, count).Select(i => first + interval * i)];
            }
            if (attempt > 1_000)
            {
                throw new InvalidOperationException("The sending rate's row kept changing under this sender.");
            }
            // Another sender won this round; read its new slot and try again.
        }
    }

    private static DateTime CeilingToMicrosecond(DateTime instant)
    {
        var remainder = instant.Ticks % TimeSpan.TicksPerMicrosecond;
        return remainder == 0 ? instant : instant.AddTicks(TimeSpan.TicksPerMicrosecond - remainder);
    }
}
