using System.Globalization;

namespace Contrevue.Infrastructure.Text;

/// <summary>
/// Tables that give each value of an enumeration the stable English code the API and the CSV use and
/// the French label the pages show, side by side. Each feature declares its own tables; these read them.
/// </summary>
public static class CodeTable
{
    /// <summary>One value with its code and its label.</summary>
    public sealed record Entry<T>(T Value, string Code, string Label) where T : struct, Enum;

    public static string Code<T>(this IReadOnlyList<Entry<T>> table, T value) where T : struct, Enum =>
        table.First(e => e.Value.Equals(value)).Code;

    public static string Label<T>(this IReadOnlyList<Entry<T>> table, T value) where T : struct, Enum =>
        table.First(e => e.Value.Equals(value)).Label;

    public static bool TryParse<T>(this IReadOnlyList<Entry<T>> table, string? code, out T value) where T : struct, Enum
    {
        var entry = table.FirstOrDefault(e => string.Equals(e.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = entry?.Value ?? default;
        return entry is not null;
    }

    /// <summary>The codes of every bit set in a bit-set enumeration, in the table's order.</summary>
    public static List<string> CodesOf<T>(this IReadOnlyList<Entry<T>> table, T bits) where T : struct, Enum
    {
        var value = Convert.ToInt64(bits, CultureInfo.InvariantCulture);
        return table.Where(e => (value & Convert.ToInt64(e.Value, CultureInfo.InvariantCulture)) != 0).Select(e => e.Code).ToList();
    }

    public static List<string> LabelsOf<T>(this IReadOnlyList<Entry<T>> table, T bits) where T : struct, Enum
    {
        var value = Convert.ToInt64(bits, CultureInfo.InvariantCulture);
        return table.Where(e => (value & Convert.ToInt64(e.Value, CultureInfo.InvariantCulture)) != 0).Select(e => e.Label).ToList();
    }
}
