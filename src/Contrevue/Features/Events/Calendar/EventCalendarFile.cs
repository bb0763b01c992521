using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Contrevue.Features.Events.Calendar;

/// <summary>
/// Timed events as iCalendar (RFC 5545, Ical.Net): Paris wall times with their VTIMEZONE, the recurrence
/// and its cancelled dates as RRULE and EXDATE, a UID that never changes and the SEQUENCE of the event, so
/// a subscribed calendar updates or cancels its copy. Never the online link: feeds are public.
/// </summary>
public static class EventCalendarFile
{
    public const string ContentType = "text/calendar";
    public const string Zone = "Europe/Paris";

    public static string Render(string name, IEnumerable<Event> events, IReadOnlyDictionary<int, string> organisers, IReadOnlyDictionary<string, string> places,
        DateTimeOffset now, string siteUrl)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Contrevue//Agenda//FR" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", Zone);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(Zone, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), includeHistoricalData: false));
        var host = new Uri(siteUrl).Host;
        foreach (var e in events)
        {
            var url = $"{siteUrl.TrimEnd('/')}{e.PagePath}";
            var start = EventService.Local(e.LocalStart);
            var end = EventService.Local(e.LocalEnd);
            var item = new CalendarEvent
            {
                Uid = $"event-{e.Id}@{host}",
                Sequence = e.Sequence,
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                DtStart = Local(start),
                DtEnd = Local(end),
                Summary = e.Title,
                Description = Description(e, organisers, url),
                Location = Location(e, places),
                Url = new Uri(url),
                Status = e.Cancelled ? "CANCELLED" : "CONFIRMED",
                LastModified = new CalDateTime(DateTime.SpecifyKind(e.UpdatedAt, DateTimeKind.Utc), "UTC"),
            };
            item.Categories.Add(EventCodes.KindLabel(e.Kind));
            if (e.Recurrence is not null)
            {
                item.RecurrenceRule = new RecurrencePattern(e.Recurrence);
                foreach (var date in EventService.ExceptionDates(e).Order())
                {
                    item.ExceptionDates.Add(Local(date.ToDateTime(TimeOnly.FromDateTime(start))));
                }
            }
            calendar.Events.Add(item);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalDateTime Local(DateTime local) =>
        new(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, Zone);

    private static string Description(Event e, IReadOnlyDictionary<int, string> organisers, string url)
    {
        var lines = new List<string> { EventCodes.KindLabel(e.Kind) };
        if (e.CollectiveId is { } id && organisers.TryGetValue(id, out var organiser))
        {
            lines.Add($"Organisé par {organiser}");
        }
        if (e.Online)
        {
            lines.Add("En ligne — le lien est envoyé aux participants confirmés.");
        }
        if (e.Description is { Length: > 0 } description)
        {
            lines.Add("");
            lines.Add(description.Length > 2000 ? description[..2000] + "…" : description);
        }
        lines.Add("");
        lines.Add(url);
        return string.Join('\n', lines);
    }

    private static string? Location(Event e, IReadOnlyDictionary<string, string> places)
    {
        if (e.Online && e.PlaceTerritory is null)
        {
            return "En ligne";
        }
        var commune = e.PlaceTerritory is { } place ? places.GetValueOrDefault(place.ToString()) : null;
        var parts = new[] { e.Address, commune }.Where(p => !string.IsNullOrEmpty(p));
        var text = string.Join(", ", parts);
        return text.Length == 0 ? null : text;
    }

}
