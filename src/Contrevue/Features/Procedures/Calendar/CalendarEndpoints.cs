using System.Security.Claims;
using Contrevue.Infrastructure.Web;

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
                return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), ProcedureCalendar.ContentType + "; charset=utf-8", $"procedure-{procedure.Id}-delais.ics");
            default:
                return Results.NotFound();
        }
    }
}
