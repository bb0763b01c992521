using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Procedures.Calendar;

public static class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapProcedureCalendars(this IEndpointRouteBuilder endpoints)
    {
        // The secret in the address is the only key: calendar applications cannot sign in.
        endpoints.MapGet("/calendriers/{file}", CollectiveFeed).ExcludeFromDescription();
        endpoints.MapGet("/procedures/{id:int}/delais.ics", ProcedureFile).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> CollectiveFeed(string file, HttpContext http, ProcedureCalendar calendars, SiteAddress site, CancellationToken cancellationToken)
    {
        if (!file.EndsWith(".ics", StringComparison.Ordinal) || await calendars.FeedAsync(file[..^4], site.Of(http.Request), cancellationToken) is not { } ics)
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Text(ics, ProcedureCalendar.ContentType + "; charset=utf-8");
    }

    private static async Task<IResult> ProcedureFile(
        int id, ClaimsPrincipal user, HttpContext http, ContrevueDbContext db, ProcedureSchedule schedule, SiteAddress site, TimeProvider time, CancellationToken cancellationToken)
    {
        var procedure = await db.Set<Procedure>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (procedure is null)
        {
            return Results.NotFound();
        }
        if (!procedure.IsPublic)
        {
            if (userId is null)
            {
                return Results.Unauthorized();
            }
            // Another collective's private procedure does not exist, as far as this user can tell.
            if (!await db.Set<CollectiveMember>().AnyAsync(m => m.CollectiveId == procedure.CollectiveId && m.UserId == userId, cancellationToken))
            {
                return Results.NotFound();
            }
        }
        var collective = await db.Set<Collective>().Where(c => c.Id == procedure.CollectiveId).Select(c => c.Name).FirstAsync(cancellationToken);
        var deadlines = (await schedule.StepsAsync(procedure, cancellationToken)).Select(step => new ScheduledDeadline(procedure.Id, procedure.Title, collective, step));
        var ics = ProcedureCalendar.Render(procedure.Title, deadlines, time.GetUtcNow(), site.Of(http.Request));
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), ProcedureCalendar.ContentType + "; charset=utf-8", $"procedure-{procedure.Id}-delais.ics");
    }
}
