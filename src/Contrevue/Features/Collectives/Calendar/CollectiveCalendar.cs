using System.Security.Cryptography;
using Contrevue.Data;
using Contrevue.Infrastructure.Audit;
using Contrevue.Infrastructure.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives.Calendar;

/// <summary>
/// A collective's calendar feed at a secret, revocable address (only its hash is stored), made of
/// what each <see cref="ICollectiveCalendarSource"/> contributes.
/// </summary>
public sealed class CollectiveCalendar(ContrevueDbContext db, IEnumerable<ICollectiveCalendarSource> sources, AuditLog audit, TimeProvider time)
{
    public async Task<string?> FeedAsync(string token, string siteUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        var feed = await db.Set<CalendarFeed>().AsNoTracking()
            .Where(f => f.TokenHash == hash && f.RevokedAt == null)
            .Join(db.Set<Collective>(), f => f.CollectiveId, c => c.Id, (f, c) => new { f.CollectiveId, c.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (feed is null)
        {
            return null;
        }
        var entries = new List<CalendarEntry>();
        foreach (var source in sources)
        {
            entries.AddRange(await source.EntriesAsync(feed.CollectiveId, cancellationToken));
        }
        return CalendarFile.Render($"Échéances — {feed.Name}", entries, time.GetUtcNow(), siteUrl);
    }

    /// <summary>A new secret address for the collective's feed; the previous ones stop working.</summary>
    public async Task<string> RenewAsync(int collectiveId, string userId, CancellationToken cancellationToken)
    {
        await RevokeAsync(collectiveId, userId, cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.Add(new CalendarFeed { CollectiveId = collectiveId, TokenHash = Hash(token), CreatedAt = time.GetUtcNow().UtcDateTime });
        audit.Record(userId, "calendar.renew", $"collective:{collectiveId}");
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<int> RevokeAsync(int collectiveId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.Set<CalendarFeed>().Where(f => f.CollectiveId == collectiveId && f.RevokedAt == null)
            .ExecuteUpdateAsync(update => update.SetProperty(f => f.RevokedAt, now), cancellationToken);
        if (revoked > 0)
        {
            audit.Record(userId, "calendar.revoke", $"collective:{collectiveId}");
            await db.SaveChangesAsync(cancellationToken);
        }
        return revoked;
    }

    public Task<bool> HasFeedAsync(int collectiveId, CancellationToken cancellationToken) =>
        db.Set<CalendarFeed>().AnyAsync(f => f.CollectiveId == collectiveId && f.RevokedAt == null, cancellationToken);

    public static string PathOf(string token) => $"/calendriers/{token}.ics";

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
