using System.Globalization;

namespace Contrevue.Infrastructure.Text;

/// <summary>Dates written as French letters write them: « 1er mars 2026 », « 14 juillet 2026 ».</summary>
public static class FrenchDates
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Format(DateOnly date) =>
        (date.Day == 1 ? "1er" : date.Day.ToString(CultureInfo.InvariantCulture)) + " " + date.ToString("MMMM yyyy", French);
}
