using Contrevue.Infrastructure.Calendar;
using Contrevue.Infrastructure.Web;

namespace Contrevue.Features.Collectives.Calendar;

public static class CollectiveCalendarEndpoints
{
    public static IEndpointRouteBuilder MapCollectiveCalendars(this IEndpointRouteBuilder endpoints)
    {
        // The secret in the address is the only key: calendar applications cannot sign in.
        endpoints.MapGet("/calendriers/{file}", Feed).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> Feed(string file, HttpContext http, CollectiveCalendar calendars, SiteAddress site, CancellationToken cancellationToken)
    {
        if (!file.EndsWith(".ics", StringComparison.Ordinal) || await calendars.FeedAsync(file[..^4], site.Of(http.Request), cancellationToken) is not { } ics)
        {
            return Results.NotFound();
        }
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Text(ics, CalendarFile.ContentType + "; charset=utf-8");
    }
}
