using System.Globalization;

namespace Contrevue.Infrastructure.Text;

/// <summary>Dates written as French letters write them: « 1er mars 2026 », « 14 juillet 2026 ».</summary>
public static class FrenchDates
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Format(DateOnly date) =>
        (date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture)) + " " + date.ToString("MMMM yyyy", French);

    /// <summary>
    /// With the day's name, in the page's language: « lundi 1er mars 2027 » in French (the first of the month is
    /// written « 1er », which the culture's "dddd d MMMM yyyy" does not do), "Monday 1 March 2027" otherwise.
    /// </summary>
    public static string WithDayName(DateOnly date, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fr"
            ? date.ToString("dddd", French) + " " + Format(date)
            : date.ToString("dddd d MMMM yyyy", culture);
}
