using Contrevue.Features.Collectives.Calendar;
using Contrevue.Features.Procedures.Deadlines;
using Contrevue.Infrastructure.Calendar;

namespace Contrevue.Features.Procedures.Calendar;

/// <summary>
/// Deadlines as calendar entries, one all-day event per step: for a procedure's .ics file, and the
/// procedures' part of their collective's feed (<see cref="ICollectiveCalendarSource"/>).
/// </summary>
public sealed class ProcedureCalendar(ProcedureSchedule schedule) : ICollectiveCalendarSource
{
    public static string Render(string name, IEnumerable<ScheduledDeadline> deadlines, DateTimeOffset now, string siteUrl) =>
        CalendarFile.Render(name, deadlines.Select(Entry), now, siteUrl);

    /// <summary>The deadlines of the collective's active procedures, overdue ones first, then by date.</summary>
    public async Task<IReadOnlyList<CalendarEntry>> EntriesAsync(int collectiveId, CancellationToken cancellationToken) =>
        [.. (await schedule.ForCollectivesAsync([collectiveId], cancellationToken)).Select(Entry)];

    private static CalendarEntry Entry(ScheduledDeadline deadline)
    {
        var step = deadline.Step;
        return new CalendarEntry(
            $"procedure-{deadline.ProcedureId}-{step.Key}@contrevue",
            step.Date,
            $"{Prefix(step.Type)}{step.Label} — {deadline.ProcedureTitle}",
            $"{step.Explanation}\nFondement : {step.LegalBasis}.",
            deadline.Path);
    }

    private static string Prefix(DeadlineStepType type) => type switch
    {
        DeadlineStepType.LastDayToAct => "Dernier jour : ",
        DeadlineStepType.ImplicitDecision => "Décision implicite : ",
        _ => "Attendu : ",
    };
}
