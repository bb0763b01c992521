using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Procedures.Deadlines;
using Contrevue.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Procedures.Calendar;

/// <summary>A procedure's deadline as shown in dashboards, calendars and reminders.</summary>
public sealed record ScheduledDeadline(int ProcedureId, string ProcedureTitle, string CollectiveName, DeadlineStep Step)
{
    public string Path => $"/procedures/{ProcedureId}";
}

/// <summary>
/// The deadlines of procedures, computed on demand from their start date by the deadline engine
/// (never stored: a change of law or of a date changes them everywhere at once).
/// </summary>
public sealed class ProcedureSchedule(ContrevueDbContext db, CollectiveDirectory collectives, IExtraHolidaySource holidays, TimeProvider time)
{
    /// <summary>Procedures whose deadlines still matter: those sent and waiting.</summary>
    public static readonly ProcedureStatus[] Active = [ProcedureStatus.Running];

    public async Task<IReadOnlyList<DeadlineStep>> StepsAsync(Procedure procedure, CancellationToken cancellationToken) =>
        Steps(procedure, await holidays.ListAsync(cancellationToken));

    public static IReadOnlyList<DeadlineStep> Steps(Procedure procedure, IReadOnlyList<ExtraHoliday> extra) =>
        procedure.StartOn is { } start && DeadlineRules.FindProcedure(procedure.Kind) is not null
            ? DeadlineCalculator.Compute(procedure.Kind, start, procedure.DepartementCode, extra)
            : [];

    /// <summary>Every deadline of the given collectives' active procedures, overdue ones first, then by date.</summary>
    public async Task<List<ScheduledDeadline>> ForCollectivesAsync(IReadOnlyCollection<int> collectiveIds, CancellationToken cancellationToken)
    {
        var procedures = await db.Set<Procedure>().AsNoTracking()
            .Where(p => collectiveIds.Contains(p.CollectiveId) && Active.Contains(p.Status) && p.StartOn != null)
            .ToListAsync(cancellationToken);
        var names = await collectives.NamesAsync([.. procedures.Select(p => p.CollectiveId).Distinct()], cancellationToken);
        var extra = await holidays.ListAsync(cancellationToken);
        var today = ParisCalendar.Today(time);
        return procedures
            .SelectMany(p => Steps(p, extra).Select(step => new ScheduledDeadline(p.Id, p.Title, names[p.CollectiveId], step)))
            .OrderBy(d => d.Step.Type == DeadlineStepType.LastDayToAct && d.Step.Date < today ? 0 : 1)
            .ThenBy(d => d.Step.Date)
            .ToList();
    }

    public Task<List<int>> CollectivesOfAsync(string userId, CancellationToken cancellationToken) =>
        collectives.IdsOfMemberAsync(userId, cancellationToken);
}
