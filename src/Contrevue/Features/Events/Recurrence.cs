using System.Globalization;
using Contrevue.Infrastructure.Time;

namespace Contrevue.Features.Events;

/// <summary>
/// The recurrences an event may have: the RFC 5545 RRULE subset a collective needs (weekly or monthly,
/// INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL), parsed and expanded here rather than by a calendar library
/// so that a rule is refused in French before it is stored, and so that expanding thousands of events
/// for the agenda costs only what the window asks.
/// </summary>
public sealed record Recurrence(
    bool Monthly, int Interval, IReadOnlyList<(int Ordinal, DayOfWeek Day)> ByDay, IReadOnlyList<int> ByMonthDay, int? Count, DateTimeOffset? Until)
{
    public const int MaxLength = 200;
    public const int MaxCount = 500;
    /// <summary>No series runs longer: a forgotten weekly meeting is not expanded for decades.</summary>
    public const int MaxYears = 5;

    private static readonly string[] DayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    /// <summary>The rule as stored and written in calendars (UNTIL in UTC, as RFC 5545 requires with a TZID start).</summary>
    public override string ToString()
    {
        var parts = new List<string> { Monthly ? "FREQ=MONTHLY" : "FREQ=WEEKLY" };
        if (Interval != 1)
        {
            parts.Add($"INTERVAL={Interval.ToString(CultureInfo.InvariantCulture)}");
        }
        if (ByDay.Count > 0)
        {
            parts.Add("BYDAY=" + string.Join(',', ByDay.Select(d => (d.Ordinal == 0 ? "" : d.Ordinal.ToString(CultureInfo.InvariantCulture)) + DayCodes[(int)d.Day])));
        }
        if (ByMonthDay.Count > 0)
        {
            parts.Add("BYMONTHDAY=" + string.Join(',', ByMonthDay.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        }
        if (Count is { } count)
        {
            parts.Add($"COUNT={count.ToString(CultureInfo.InvariantCulture)}");
        }
        if (Until is { } until)
        {
            parts.Add("UNTIL=" + until.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        }
        return string.Join(';', parts);
    }

    /// <summary>The rule, or null with the French reason it is refused.</summary>
    public static Recurrence? Parse(string text, out string? error)
    {
        error = null;
        if (text.Length > MaxLength)
        {
            error = $"La récurrence dépasse {MaxLength} caractères.";
            return null;
        }
        var rule = text.Trim();
        if (rule.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            rule = rule[6..];
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rule.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || !fields.TryAdd(pair[0].Trim().ToUpperInvariant(), pair[1].Trim().ToUpperInvariant()))
            {
                error = "La récurrence n'est pas une règle RRULE lisible (par exemple FREQ=WEEKLY;BYDAY=WE).";
                return null;
            }
        }
        if (!fields.TryGetValue("FREQ", out var frequency) || frequency is not ("WEEKLY" or "MONTHLY"))
        {
            error = "Seules les récurrences hebdomadaires (FREQ=WEEKLY) ou mensuelles (FREQ=MONTHLY) sont acceptées.";
            return null;
        }
        var monthly = frequency == "MONTHLY";
        var unknown = fields.Keys.FirstOrDefault(k => k is not ("FREQ" or "INTERVAL" or "BYDAY" or "BYMONTHDAY" or "COUNT" or "UNTIL" or "WKST"));
        if (unknown is not null)
        {
            error = $"La partie {unknown} de la récurrence n'est pas prise en charge (FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL).";
            return null;
        }
        if (fields.TryGetValue("WKST", out var weekStart) && weekStart != "MO")
        {
            error = "Les semaines commencent le lundi (WKST=MO).";
            return null;
        }
        var interval = 1;
        if (fields.TryGetValue("INTERVAL", out var intervalText)
            && (!int.TryParse(intervalText, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval is < 1 or > 12))
        {
            error = "L'intervalle de la récurrence (INTERVAL) doit être un nombre de 1 à 12.";
            return null;
        }
        var byDay = new List<(int, DayOfWeek)>();
        if (fields.TryGetValue("BYDAY", out var days))
        {
            foreach (var day in days.Split(','))
            {
                var code = day.Length >= 2 ? day[^2..] : "";
                var index = Array.IndexOf(DayCodes, code);
                var ordinal = 0;
                var ordinalText = day.Length >= 2 ? day[..^2] : "";
                if (index < 0
                    || (ordinalText.Length > 0 && (!monthly || !int.TryParse(ordinalText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal) || ordinal is 0 or < -1 or > 4)))
                {
                    error = monthly
                        ? "Les jours de la récurrence (BYDAY) s'écrivent MO, TU, WE, TH, FR, SA, SU, précédés pour un mois de 1 à 4 ou de -1 (dernier) : 1WE, -1FR."
                        : "Les jours de la récurrence (BYDAY) s'écrivent MO, TU, WE, TH, FR, SA, SU.";
                    return null;
                }
                byDay.Add((ordinal, (DayOfWeek)index));
            }
        }
        var byMonthDay = new List<int>();
        if (fields.TryGetValue("BYMONTHDAY", out var monthDays))
        {
            if (!monthly)
            {
                error = "BYMONTHDAY ne s'emploie qu'avec une récurrence mensuelle.";
                return null;
            }
            foreach (var dayText in monthDays.Split(','))
            {
                if (!int.TryParse(dayText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var day) || day is 0 or < -1 or > 31)
                {
                    error = "Les jours du mois (BYMONTHDAY) vont de 1 à 31, ou -1 pour le dernier.";
                    return null;
                }
                byMonthDay.Add(day);
            }
        }
        if (byDay.Count > 0 && byMonthDay.Count > 0)
        {
            error = "Une récurrence mensuelle se donne par jours de la semaine (BYDAY) ou par jours du mois (BYMONTHDAY), pas les deux.";
            return null;
        }
        int? count = null;
        if (fields.TryGetValue("COUNT", out var countText))
        {
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > MaxCount)
            {
                error = $"Le nombre d'occurrences (COUNT) va de 1 à {MaxCount}.";
                return null;
            }
            count = parsed;
        }
        DateTimeOffset? until = null;
        if (fields.TryGetValue("UNTIL", out var untilText))
        {
            if (count is not null)
            {
                error = "Une récurrence a un nombre d'occurrences (COUNT) ou une fin (UNTIL), pas les deux.";
                return null;
            }
            if (DateTime.TryParseExact(untilText, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
            {
                until = new DateTimeOffset(instant, TimeSpan.Zero);
            }
            else if (DateOnly.TryParseExact(untilText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                // A date alone includes that whole day in Paris.
                until = EventTime.ToParis(date.AddDays(1).ToDateTime(TimeOnly.MinValue)).AddSeconds(-1).ToUniversalTime();
            }
            else
            {
                error = "La fin de la récurrence (UNTIL) s'écrit AAAAMMJJ ou AAAAMMJJTHHMMSSZ.";
                return null;
            }
        }
        return new Recurrence(monthly, interval, byDay, byMonthDay, count, until);
    }

    /// <summary>
    /// The local start times of the series from <paramref name="start"/> on, in order, cancelled dates included
    /// (COUNT counts them, as in RFC 5545), at most <see cref="MaxYears"/> years, stopping at <paramref name="notAfter"/>.
    /// </summary>
    public IEnumerable<DateTime> Starts(DateTime start, DateTime notAfter)
    {
        var limit = start.AddYears(MaxYears);
        if (notAfter > limit)
        {
            notAfter = limit;
        }
        var produced = 0;
        var time = start.TimeOfDay;
        var first = DateOnly.FromDateTime(start);
        for (var period = 0; ; period += Interval)
        {
            var dates = Monthly ? DatesOfMonth(first, period) : DatesOfWeek(first, period);
            foreach (var date in dates)
            {
                if (date < first)
                {
                    continue;
                }
                var local = date.ToDateTime(TimeOnly.FromTimeSpan(time));
                if (local > notAfter || (Until is { } until && EventTime.ToParis(local) > until))
                {
                    yield break;
                }
                yield return local;
                if (++produced == Count)
                {
                    yield break;
                }
            }
            if ((Monthly ? first.AddMonths(period) : first.AddDays(7 * period)).ToDateTime(TimeOnly.MinValue) > notAfter)
            {
                yield break;
            }
        }
    }

    private IEnumerable<DateOnly> DatesOfWeek(DateOnly first, int weeks)
    {
        var monday = first.AddDays(-(((int)first.DayOfWeek + 6) % 7)).AddDays(7 * weeks);
        var days = ByDay.Count == 0 ? [first.DayOfWeek] : ByDay.Select(d => d.Day).Distinct();
        return days.Select(d => monday.AddDays(((int)d + 6) % 7)).Order();
    }

    private IEnumerable<DateOnly> DatesOfMonth(DateOnly first, int months)
    {
        var month = new DateOnly(first.Year, first.Month, 1).AddMonths(months);
        var length = DateTime.DaysInMonth(month.Year, month.Month);
        var dates = new SortedSet<DateOnly>();
        if (ByDay.Count > 0)
        {
            foreach (var (ordinal, day) in ByDay)
            {
                var all = Enumerable.Range(0, length).Select(month.AddDays).Where(d => d.DayOfWeek == day).ToList();
                if (ordinal == 0)
                {
                    dates.UnionWith(all);
                }
                else if (ordinal == -1)
                {
                    dates.Add(all[^1]);
                }
                else if (ordinal <= all.Count)
                {
                    dates.Add(all[ordinal - 1]);
                }
            }
        }
        else
        {
            foreach (var day in ByMonthDay.Count > 0 ? ByMonthDay : [first.Day])
            {
                var number = day == -1 ? length : day;
                // A month without that day has no occurrence (RFC 5545), not one moved to its last day.
                if (number <= length)
                {
                    dates.Add(month.AddDays(number - 1));
                }
            }
        }
        return dates;
    }
}

/// <summary>Local Paris wall times, as events are written, and the instants they name.</summary>
public static class EventTime
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>
    /// The instant of a Paris wall time: a time skipped when clocks go forward (2:30 on the last Sunday of
    /// March) is taken an hour later, as calendar applications do; a time met twice in October, the first time.
    /// </summary>
    public static DateTimeOffset ToParis(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (ParisCalendar.Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        var offset = ParisCalendar.Zone.IsAmbiguousTime(local)
            ? ParisCalendar.Zone.GetAmbiguousTimeOffsets(local).Max()
            : ParisCalendar.Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    public static DateTime LocalOf(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, ParisCalendar.Zone).DateTime, DateTimeKind.Unspecified);

    public static bool TryParseLocal(string? text, out DateTime local) =>
        DateTime.TryParseExact(text?.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    public static string Format(DateTime local) => local.ToString(LocalFormat, CultureInfo.InvariantCulture);
}
