using System.Globalization;
using Contrevue.Infrastructure.Text;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Pages;

/// <summary>Occurrences and rules as the pages write them, in the page's language.</summary>
public static class EventText
{
    public static string Day(DateTimeOffset instant, CultureInfo culture) =>
        FrenchDates.WithDayName(DateOnly.FromDateTime(EventTime.LocalOf(instant)), culture);

    public static string Time(DateTimeOffset instant, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fr"
            ? EventTime.LocalOf(instant).ToString("H' h 'mm", CultureInfo.InvariantCulture)
            : EventTime.LocalOf(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>« mercredi 10 mars 2027, 18 h 30 – 20 h 00 » (the end's day too when it is another).</summary>
    public static string When(DateTimeOffset start, DateTimeOffset end, CultureInfo culture, IStringLocalizer text)
    {
        var sameDay = EventTime.LocalOf(start).Date == EventTime.LocalOf(end).Date;
        return sameDay
            ? text["{0}, {1} – {2}", Day(start, culture), Time(start, culture), Time(end, culture)]
            : text["du {0}, {1} au {2}, {3}", Day(start, culture), Time(start, culture), Day(end, culture), Time(end, culture)];
    }

    /// <summary>« Chaque semaine », « Toutes les 2 semaines », « Chaque mois » — the days are those of the listed dates.</summary>
    public static string? Rule(Event e, IStringLocalizer text)
    {
        if (e.Recurrence is null || Recurrence.Parse(e.Recurrence, out _) is not { } rule)
        {
            return null;
        }
        var every = (rule.Monthly, rule.Interval) switch
        {
            (false, 1) => text["Chaque semaine"].Value,
            (false, var n) => text["Toutes les {0} semaines", n].Value,
            (true, 1) => text["Chaque mois"].Value,
            (true, var n) => text["Tous les {0} mois", n].Value,
        };
        var end = rule.Count is { } count
            ? text["{0} fois", count].Value
            : rule.Until is { } until ? text["jusqu'au {0}", FrenchDates.Format(DateOnly.FromDateTime(EventTime.LocalOf(until)))].Value : null;
        return end is null ? every : $"{every} ({end})";
    }
}
