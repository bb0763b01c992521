using Contrevue.Infrastructure.Audit;
using System.Security.Cryptography;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Moderation;
using Contrevue.Features.Procedures.Deadlines;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Procedures.Calendar;

/// <summary>
/// Deadlines as iCalendar (RFC 5545, Ical.Net): all-day events, one per step, for a procedure's .ics
/// file and for a collective's feed at a secret, revocable address (only its hash is stored).
/// </summary>
public sealed class ProcedureCalendar(ContrevueDbContext db, ProcedureSchedule schedule, AuditLog audit, TimeProvider time)
{
    public const string ContentType = "text/calendar";

    public static string Render(string name, IEnumerable<ScheduledDeadline> deadlines, DateTimeOffset now, string siteUrl)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Contrevue//Procédures//FR" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Europe/Paris");
        foreach (var deadline in deadlines)
        {
            var step = deadline.Step;
            calendar.Events.Add(new CalendarEvent
            {
                // Stable: a calendar that reloads the feed updates the event instead of adding a copy.
                Uid = $"procedure-{deadline.ProcedureId}-{step.Key}@contrevue",
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                DtStart = new CalDateTime(step.Date),
                DtEnd = new CalDateTime(step.Date.AddDays(1)),
                Summary = $"{Prefix(step.Type)}{step.Label} — {deadline.ProcedureTitle}",
                Description = $"{step.Explanation}\nFondement : {step.LegalBasis}.\n{siteUrl.TrimEnd('/')}{deadline.Path}",
                Url = new Uri($"{siteUrl.TrimEnd('/')}{deadline.Path}"),
                Transparency = TransparencyType.Transparent,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string Prefix(DeadlineStepType type) => type switch
    {
        DeadlineStepType.LastDayToAct => "Dernier jour : ",
        DeadlineStepType.ImplicitDecision => "Décision implicite : ",
        _ => "Attendu : ",
    };

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
        var deadlines = await schedule.ForCollectivesAsync([feed.CollectiveId], cancellationToken);
        return Render($"Échéances — {feed.Name}", deadlines, time.GetUtcNow(), siteUrl);
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
