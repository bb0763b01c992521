using Contrevue.Data;
using Contrevue.Infrastructure.Jobs;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Rsvps;

/// <summary>
/// The day before each occurrence, a reminder to its accepted participants (with the online link, which they
/// already received). One per participant and occurrence even with several instances: the row is claimed by a
/// conditional UPDATE before the mail is enqueued, in one transaction.
/// </summary>
public sealed class RsvpReminder(IServiceScopeFactory scopes, TimeProvider time, ILogger<RsvpReminder> logger) : PeriodicJob(time, logger)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    public async Task<int> RemindDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var mail = scope.ServiceProvider.GetRequiredService<IMailOutbox>();
        var site = scope.ServiceProvider.GetRequiredService<SiteAddress>();
        var now = Time.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var withParticipants = db.Set<EventRsvp>().Where(r => r.Status != RsvpStatus.Pending).Select(r => r.EventId);
        var events = await db.Set<Event>().AsNoTracking()
            .Where(e => !e.Cancelled && withParticipants.Contains(e.Id) && e.FirstStartUtc <= nowUtc.Add(Ahead) && (e.LastEndUtc == null || e.LastEndUtc > nowUtc))
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var e in events)
        {
            if (EventService.Expand(e, now, now.Add(Ahead), 1).FirstOrDefault() is not { } next || next.Start <= now)
            {
                continue;
            }
            var occurrence = next.Start.UtcDateTime;
            var accepted = e.Approval ? new[] { RsvpStatus.Approved } : [RsvpStatus.Confirmed, RsvpStatus.Approved];
            var due = await db.Set<EventRsvp>().AsNoTracking()
                .Where(r => r.EventId == e.Id && accepted.Contains(r.Status) && (r.RemindedFor == null || r.RemindedFor != occurrence))
                .Select(r => new { r.Id, r.Email }).ToListAsync(cancellationToken);
            foreach (var rsvp in due)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var claimed = await db.Set<EventRsvp>()
                    .Where(r => r.Id == rsvp.Id && (r.RemindedFor == null || r.RemindedFor != occurrence))
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.RemindedFor, occurrence), cancellationToken);
                if (claimed == 1)
                {
                    mail.Enqueue(rsvp.Email, RsvpMails.Reminder(e.Title, Pages.EventText.When(next.Start, next.End, System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), NoTranslation.Instance),
                        e.Online ? e.OnlineUrl : null, (site.Configured ?? SiteAddress.LocalAddress).TrimEnd('/') + e.PagePath));
                    await db.SaveChangesAsync(cancellationToken);
                    sent++;
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
        return sent;
    }

    protected override TimeSpan Interval => TimeSpan.FromMinutes(15);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var sent = await RemindDueAsync(stoppingToken);
        if (sent > 0)
        {
            Logger.LogInformation("Sent {Count} event reminders", sent);
        }
    }

    /// <summary>E-mails are French-only: the French formats as they are.</summary>
    private sealed class NoTranslation : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public static readonly NoTranslation Instance = new();

        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), name, arguments));

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
