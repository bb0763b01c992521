using System.Globalization;
using System.Text;

namespace Contrevue.Features.Events.Calendar;

/// <summary>
/// Timed events as iCalendar (RFC 5545): Paris wall times with their VTIMEZONE, the recurrence and its
/// cancelled dates as RRULE and EXDATE, a UID that never changes and the SEQUENCE of the event, so a
/// subscribed calendar updates or cancels its copy. Never the online link: feeds are public.
/// <para>
/// Written line by line rather than through Ical.Net's object model and serializer: those took about
/// 1.2 ms per event (6 s for the 5,000 of a busy agenda), this takes microseconds. Ical.Net and ical.js
/// still read every file back in the tests, so the format stays checked by two independent parsers.
/// </para>
/// </summary>
public static class EventCalendarFile
{
    public const string ContentType = "text/calendar";
    public const string Zone = "Europe/Paris";

    /// <summary>The longest a description gets in a calendar: the event's page has the rest.</summary>
    private const int MaxDescriptionInCalendar = 2000;

    /// <summary>
    /// Europe/Paris as calendars need it for our dates (1996 onwards, when the EU aligned its changes on
    /// the last Sundays of March and October): the same block Ical.Net derives from the tz database for
    /// those years.
    /// </summary>
    private const string ParisTimeZone =
        "BEGIN:VTIMEZONE\r\n" +
        "TZID:Europe/Paris\r\n" +
        "BEGIN:STANDARD\r\n" +
        "DTSTART:19961027T030000\r\n" +
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n" +
        "TZNAME:CET\r\n" +
        "TZOFFSETFROM:+0200\r\n" +
        "TZOFFSETTO:+0100\r\n" +
        "END:STANDARD\r\n" +
        "BEGIN:DAYLIGHT\r\n" +
        "DTSTART:19810329T020000\r\n" +
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" +
        "TZNAME:CEST\r\n" +
        "TZOFFSETFROM:+0100\r\n" +
        "TZOFFSETTO:+0200\r\n" +
        "END:DAYLIGHT\r\n" +
        "END:VTIMEZONE\r\n";

    public static string Render(string name, IEnumerable<Event> events, IReadOnlyDictionary<int, string> organisers, IReadOnlyDictionary<string, string> places,
        DateTimeOffset now, string siteUrl)
    {
        var ics = new Lines();
        ics.Add("BEGIN:VCALENDAR");
        ics.Add("VERSION:2.0");
        ics.Add("PRODID:-//Contrevue//Agenda//FR");
        ics.Add("CALSCALE:GREGORIAN");
        ics.Add("METHOD:PUBLISH");
        ics.Add("X-WR-CALNAME", Text(name));
        ics.Add("X-WR-TIMEZONE:" + Zone);
        ics.AddBlock(ParisTimeZone);
        var host = new Uri(siteUrl).Host;
        var stamp = Utc(now.UtcDateTime);
        foreach (var e in events)
        {
            var url = $"{siteUrl.TrimEnd('/')}{e.PagePath}";
            var start = EventService.Local(e.LocalStart);
            ics.Add("BEGIN:VEVENT");
            ics.Add($"UID:event-{e.Id}@{host}");
            ics.Add("SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            ics.Add("DTSTAMP:" + stamp);
            ics.Add("LAST-MODIFIED:" + Utc(e.UpdatedAt));
            ics.Add($"DTSTART;TZID={Zone}:{Local(start)}");
            ics.Add($"DTEND;TZID={Zone}:{Local(EventService.Local(e.LocalEnd))}");
            if (e.Recurrence is not null)
            {
                ics.Add("RRULE:" + e.Recurrence);
                var time = TimeOnly.FromDateTime(start);
                foreach (var date in EventService.ExceptionDates(e).Order())
                {
                    ics.Add($"EXDATE;TZID={Zone}:{Local(date.ToDateTime(time))}");
                }
            }
            ics.Add("SUMMARY", Text(e.Title));
            ics.Add("DESCRIPTION", Text(Description(e, organisers, url)));
            if (Location(e, places) is { } location)
            {
                ics.Add("LOCATION", Text(location));
            }
            ics.Add("URL", url);
            ics.Add("CATEGORIES", Text(EventCodes.KindLabel(e.Kind)));
            ics.Add("STATUS:" + (e.Cancelled ? "CANCELLED" : "CONFIRMED"));
            ics.Add("END:VEVENT");
        }
        ics.Add("END:VCALENDAR");
        return ics.ToString();
    }

    private static string Local(DateTime local) => local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped; other controls dropped.</summary>
    internal static string Text(string value)
    {
        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value.ReplaceLineEndings("\n"))
        {
            switch (c)
            {
                case '\\': text.Append(@"\\"); break;
                case ';': text.Append(@"\;"); break;
                case ',': text.Append(@"\,"); break;
                case '\n': text.Append(@"\n"); break;
                case '\t': text.Append(' '); break;
                default:
                    if (!char.IsControl(c))
                    {
                        text.Append(c);
                    }
                    break;
            }
        }
        return text.ToString();
    }

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
            lines.Add(description.Length > MaxDescriptionInCalendar ? ShortenedDescription(description) : description);
        }
        lines.Add("");
        lines.Add(url);
        return string.Join('\n', lines);
    }

    /// <summary>Cut at the limit without splitting a surrogate pair (an emoji) in two.</summary>
    private static string ShortenedDescription(string description)
    {
        var end = char.IsHighSurrogate(description[MaxDescriptionInCalendar - 1]) ? MaxDescriptionInCalendar - 1 : MaxDescriptionInCalendar;
        return description[..end] + "…";
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

    /// <summary>Content lines ended by CRLF and folded at 75 octets of UTF-8 (RFC 5545 §3.1), never inside a character.</summary>
    private sealed class Lines
    {
        private const int MaxOctets = 75;
        private readonly StringBuilder _text = new();

        public void Add(string name, string value) => Add(name + ":" + value);

        public void AddBlock(string lines) => _text.Append(lines);

        public void Add(string line)
        {
            var octets = 0;
            for (var i = 0; i < line.Length; i++)
            {
                var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) ? 2 : 1;
                var size = length == 2 ? 4 : line[i] < 0x80 ? 1 : line[i] < 0x800 ? 2 : 3;
                if (octets + size > MaxOctets)
                {
                    _text.Append("\r\n ");
                    octets = 1;
                }
                _text.Append(line, i, length);
                octets += size;
                i += length - 1;
            }
            _text.Append("\r\n");
        }

        public override string ToString() => _text.ToString();
    }
}
