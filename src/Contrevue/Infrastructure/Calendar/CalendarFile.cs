using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Contrevue.Infrastructure.Calendar;

/// <summary>One all-day event: <paramref name="Details"/> is followed by the address of <paramref name="Path"/> in its description.</summary>
/// <param name="Uid">Stable, so that a calendar reloading the file updates the event instead of adding a copy.</param>
public sealed record CalendarEntry(string Uid, DateOnly Date, string Summary, string Details, string Path);

/// <summary>Dated entries as an iCalendar file (RFC 5545, Ical.Net), for a download or a subscribed feed.</summary>
public static class CalendarFile
{
    public const string ContentType = "text/calendar";

    public static string Render(string name, IEnumerable<CalendarEntry> entries, DateTimeOffset now, string siteUrl)
    {
        // The product id dates from the procedures' first feeds; subscribed calendars have seen it since.
        var calendar = new Ical.Net.Calendar { ProductId = "-//Contrevue//Procédures//FR" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Europe/Paris");
        foreach (var entry in entries)
        {
            var url = $"{siteUrl.TrimEnd('/')}{entry.Path}";
            calendar.Events.Add(new CalendarEvent
            {
                Uid = entry.Uid,
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                DtStart = new CalDateTime(entry.Date),
                DtEnd = new CalDateTime(entry.Date.AddDays(1)),
                Summary = entry.Summary,
                Description = $"{entry.Details}\n{url}",
                Url = new Uri(url),
                Transparency = TransparencyType.Transparent,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
