using System.Globalization;
using System.Text.RegularExpressions;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>
/// The dates feeds write: RFC 822 as the RSS spec wants it, but also as French sites' locales print it
/// (« mer., 02 déc. 2026 10:00:00 +0100 », « 2 déc 2026 »), and ISO 8601 (Atom, JSON Feed). A date nobody can
/// read is null: the item is kept, its date left for the moderator.
/// </summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["jan"] = 1, ["january"] = 1, ["janv"] = 1, ["janvier"] = 1,
        ["feb"] = 2, ["february"] = 2, ["fev"] = 2, ["fevr"] = 2, ["fevrier"] = 2,
        ["mar"] = 3, ["march"] = 3, ["mars"] = 3,
        ["apr"] = 4, ["april"] = 4, ["avr"] = 4, ["avril"] = 4,
        ["may"] = 5, ["mai"] = 5,
        ["jun"] = 6, ["june"] = 6, ["juin"] = 6,
        ["jul"] = 7, ["july"] = 7, ["juil"] = 7, ["juillet"] = 7,
        ["aug"] = 8, ["august"] = 8, ["aou"] = 8, ["aout"] = 8,
        ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["septembre"] = 9,
        ["oct"] = 10, ["october"] = 10, ["octobre"] = 10,
        ["nov"] = 11, ["november"] = 11, ["novembre"] = 11,
        ["dec"] = 12, ["december"] = 12, ["decembre"] = 12,
    };

    private static readonly Dictionary<string, int> ZoneHours = new(StringComparer.Ordinal)
    {
        ["gmt"] = 0, ["ut"] = 0, ["utc"] = 0, ["z"] = 0, ["cet"] = 1, ["cest"] = 2, ["bst"] = 1,
        ["est"] = -5, ["edt"] = -4, ["cst"] = -6, ["cdt"] = -5, ["mst"] = -7, ["mdt"] = -6, ["pst"] = -8, ["pdt"] = -7,
    };

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The instant a feed's date names, or null when it cannot be read.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return null;
        }
        try
        {
            return ParseWritten(text.Trim()) ?? ParseIso(text.Trim());
        }
        catch (Exception exception) when (exception is ArgumentException or RegexMatchTimeoutException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>« [jour,] 2 déc[.] 2026 [10:00[:00]] [+0100|GMT|CET] » in English or French, names abbreviated or not.</summary>
    private static DateTimeOffset? ParseWritten(string text)
    {
        var lowered = RemoveAccents(text.ToLowerInvariant());
        var match = WrittenDate().Match(lowered);
        if (!match.Success || !Months.TryGetValue(match.Groups["month"].Value, out var month))
        {
            return null;
        }
        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
        {
            year += year < 70 ? 2000 : 1900;
        }
        if (year is < 1900 or > 2200 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }
        var hour = match.Groups["hour"].Success ? int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        if (hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }
        var local = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        var zone = match.Groups["zone"].Value;
        TimeSpan offset;
        if (zone.Length == 0)
        {
            // No zone: a French site's local time.
            offset = Paris.GetUtcOffset(local);
        }
        else if (zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return null;
            }
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else if (ZoneHours.TryGetValue(zone, out var zoneHours))
        {
            offset = TimeSpan.FromHours(zoneHours);
        }
        else
        {
            offset = TimeSpan.Zero;
        }
        return new DateTimeOffset(local, offset);
    }

    private static DateTimeOffset? ParseIso(string text)
    {
        if (!IsoDate().IsMatch(text))
        {
            return null;
        }
        var style = IsoZone().IsMatch(text) ? DateTimeStyles.None : DateTimeStyles.AssumeUniversal;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, style, out var parsed) && parsed.Year is >= 1900 and <= 2200 ? parsed : null;
    }

    private static string RemoveAccents(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>The day a feed's instant falls on in France, where the campaign reads it.</summary>
    public static DateOnly ParisDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris));

    [GeneratedRegex(@"^\s*(?:[a-z]+\.?,?\s+)?(?<day>\d{1,2})(?:er)?\s+(?<month>[a-z]+)\.?,?\s+(?<year>\d{4}|\d{2})(?:\s*,?\s*(?:a\s+)?(?<hour>\d{1,2})[:h](?<minute>\d{2})(?::(?<second>\d{2}))?)?\s*(?<zone>[+-]\d{2}:?\d{2}|[a-z]{1,4})?\s*$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant, 100)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?:Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex IsoZone();
}
