using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Procedures.Calendar;

/// <summary>The deadlines of every procedure of my collectives: overdue first, then the coming ones.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class DeadlinesModel(ProcedureSchedule schedule, TimeProvider time) : PageModel
{
    public List<ScheduledDeadline> Deadlines { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Today = Infrastructure.Time.ParisCalendar.Today(time);
        var collectives = await schedule.CollectivesOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", cancellationToken);
        Deadlines = await schedule.ForCollectivesAsync(collectives, cancellationToken);
    }
}
