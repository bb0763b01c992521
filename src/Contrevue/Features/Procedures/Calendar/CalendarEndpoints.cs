using System.Security.Claims;
using Contrevue.Infrastructure.Calendar;
using Contrevue.Infrastructure.Web;

namespace Contrevue.Features.Procedures.Calendar;

public static class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapProcedureCalendars(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/procedures/{id:int}/delais.ics", ProcedureFile).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ProcedureFile(
        int id, ClaimsPrincipal user, HttpContext http, ProcedureService procedures, ProcedureSchedule schedule, SiteAddress site, TimeProvider time, CancellationToken cancellationToken)
    {
        // The procedure's own rule: its collective's members, or anyone once it is public.
        switch (await procedures.ReadAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken))
        {
            case ProcedureLookup.SignInRequired:
                return Results.Unauthorized();
            case ProcedureLookup.Visible(var procedure, var collective, _):
                var deadlines = (await schedule.StepsAsync(procedure, cancellationToken)).Select(step => new ScheduledDeadline(procedure.Id, procedure.Title, collective, step));
                var ics = ProcedureCalendar.Render(procedure.Title, deadlines, time.GetUtcNow(), site.Of(http.Request));
                http.Response.Headers.CacheControl = "private, no-store";
                return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), CalendarFile.ContentType + "; charset=utf-8", $"procedure-{procedure.Id}-delais.ics");
            default:
                return Results.NotFound();
        }
    }
}
