namespace Contrevue.Features.Procedures.Deadlines;

/// <summary>A public holiday an administrator adds (a new law, a local day); national when <see cref="DepartementCode"/> is null.</summary>
public sealed record ExtraHoliday(DateOnly Date, string Label, string? DepartementCode = null);

/// <summary>French public holidays (Code du travail art. L3133-1), and the local law of Alsace-Moselle.</summary>
public static class FrenchHolidays
{
    /// <summary>Moselle, Bas-Rhin, Haut-Rhin: Good Friday and 26 December are also holidays there (Code du travail art. L3134-13).</summary>
    public static IReadOnlySet<string> AlsaceMoselle { get; } = new HashSet<string>(StringComparer.Ordinal) { "57", "67", "68" };

    /// <summary>Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The national holidays of a year, with their French names.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> National(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            (new DateOnly(year, 1, 1), "jour de l'An"),
            (easter.AddDays(1), "lundi de Pâques"),
            (new DateOnly(year, 5, 1), "fête du Travail"),
            (new DateOnly(year, 5, 8), "Victoire 1945"),
            (easter.AddDays(39), "Ascension"),
            (easter.AddDays(50), "lundi de Pentecôte"),
            (new DateOnly(year, 7, 14), "fête nationale"),
            (new DateOnly(year, 8, 15), "Assomption"),
            (new DateOnly(year, 11, 1), "Toussaint"),
            (new DateOnly(year, 11, 11), "Armistice 1918"),
            (new DateOnly(year, 12, 25), "Noël"),
        ];
    }

    /// <summary>The holidays of a year in a département (null: national only), administrators' days included.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> Of(int year, string? departement, IEnumerable<ExtraHoliday>? extra = null)
    {
        var days = National(year).ToList();
        if (departement is not null && AlsaceMoselle.Contains(departement))
        {
            days.Add((EasterSunday(year).AddDays(-2), "Vendredi saint"));
            days.Add((new DateOnly(year, 12, 26), "Saint-Étienne"));
        }
        foreach (var holiday in extra ?? [])
        {
            if (holiday.Date.Year == year && (holiday.DepartementCode is null || holiday.DepartementCode == departement))
            {
                days.Add((holiday.Date, holiday.Label));
            }
        }
        return [.. days.OrderBy(d => d.Date)];
    }

    /// <summary>The name of the holiday on that day, or null on an ordinary day.</summary>
    public static string? NameOf(DateOnly date, string? departement, IEnumerable<ExtraHoliday>? extra = null)
    {
        foreach (var (day, name) in Of(date.Year, departement, extra))
        {
            if (day == date)
            {
                return name;
            }
        }
        return null;
    }
}
