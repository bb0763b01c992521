using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Procedures.Deadlines;
using Contrevue.Infrastructure.Jobs;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Time;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Procedures.Calendar;

/// <summary>
/// E-mails the members of a procedure's collective 7 days and 2 days before each last day to act.
/// Each reminder is claimed by inserting its row (procedure, step, deadline, days before) in the same
/// transaction as its e-mails: a second instance's insert fails on the key, so it leaves once.
/// </summary>
public sealed class ProcedureReminders(ContrevueDbContext db, IExtraHolidaySource holidays, CollectiveDirectory collectives, IMailOutbox mail)
{
    public static readonly int[] DaysBefore = [7, 2];
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Which reminder is due with <paramref name="daysLeft"/> days to go: 7 within the week, 2 within two days, none otherwise.</summary>
    public static int? DueReminder(int daysLeft) => daysLeft switch
    {
        < 0 => null,
        <= 2 => 2,
        <= 7 => 7,
        _ => null,
    };

    public async Task<int> SendDueAsync(DateTimeOffset now, string siteUrl, CancellationToken cancellationToken)
    {
        var today = ParisCalendar.DateOf(now);
        var procedures = await db.Set<Procedure>().AsNoTracking()
            .Where(p => ProcedureSchedule.Active.Contains(p.Status) && p.StartOn != null)
            .ToListAsync(cancellationToken);
        var extra = await holidays.ListAsync(cancellationToken);
        var sent = 0;
        foreach (var procedure in procedures)
        {
            foreach (var step in ProcedureSchedule.Steps(procedure, extra).Where(s => s.Type == DeadlineStepType.LastDayToAct))
            {
                var daysLeft = step.Date.DayNumber - today.DayNumber;
                if (DueReminder(daysLeft) is not { } daysBefore)
                {
                    continue;
                }
                var key = new { procedure.Id, step.Key, step.Date, daysBefore };
                if (await db.Set<ProcedureReminder>().AnyAsync(r => r.ProcedureId == key.Id && r.StepKey == key.Key && r.Deadline == key.Date && r.DaysBefore == key.daysBefore, cancellationToken))
                {
                    continue;
                }
                db.Add(new ProcedureReminder { ProcedureId = procedure.Id, StepKey = step.Key, Deadline = step.Date, DaysBefore = daysBefore, SentAt = now.UtcDateTime });
                foreach (var email in (await collectives.MemberEmailsAsync(procedure.CollectiveId, confirmedOnly: false, cancellationToken)).Where(e => e.Length > 0))
                {
                    mail.Enqueue(email, Reminder(procedure, step, daysLeft, siteUrl.TrimEnd('/')));
                }
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    sent++;
                }
                catch (DbUpdateException)
                {
                    // Another instance claimed this reminder first: its e-mails are the ones that leave.
                    db.ChangeTracker.Clear();
                }
            }
        }
        return sent;
    }

    private static MailContent Reminder(Procedure procedure, DeadlineStep step, int daysLeft, string siteUrl)
    {
        var when = daysLeft switch
        {
            0 => "aujourd'hui",
            1 => "demain",
            _ => $"dans {daysLeft} jours",
        };
        var date = step.Date.ToString("dddd d MMMM yyyy", French);
        return MailTemplates.Compose(
            $"Contrevue : {step.Label} {when} — {procedure.Title}",
            $"{step.Label} : {date}",
            [
                "Bonjour,",
                $"La procédure « {procedure.Title} » (autorité : {procedure.AuthorityName}) arrive à une échéance : {step.Label.ToLower(French)}, {when}, le {date}.",
                $"Le calcul : {step.Explanation} Fondement : {step.LegalBasis}.",
                $"La procédure, ses pièces et ses prochaines étapes : {siteUrl}/procedures/{procedure.Id}",
                "Vous recevez ce message parce que vous êtes membre du collectif qui mène cette procédure. Un rappel est envoyé sept jours puis deux jours avant chaque date limite.",
            ]);
    }
}

/// <summary>Sends the due reminders every <c>Procedures:ReminderMinutes</c> minutes (default 60).</summary>
public sealed class ProcedureReminderWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<ProcedureReminderWorker> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => MinutesFrom(configuration, "Procedures:ReminderMinutes", 60);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var siteUrl = scope.ServiceProvider.GetRequiredService<SiteAddress>().WithoutRequest;
        var sent = await scope.ServiceProvider.GetRequiredService<ProcedureReminders>().SendDueAsync(Time.GetUtcNow(), siteUrl, stoppingToken);
        if (sent > 0)
        {
            Logger.LogInformation("Sent {Count} procedure deadline reminders", sent);
        }
    }
}
