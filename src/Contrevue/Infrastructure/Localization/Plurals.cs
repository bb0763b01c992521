using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Localization;

/// <summary>
/// Real plurals in both languages, written the ICU way so that each translation has its own forms:
/// <c>T.Plural(count, "{0, plural, one {# dossier documenté} other {# dossiers documentés}}")</c>.
/// <c>#</c> is the count (with the culture's digit grouping); <c>=0 {…}</c> gives a text of its own to
/// an exact number; other arguments are <c>{1}</c>, <c>{2}</c>… The categories follow CLDR: in French
/// 0 and 1 are « one », in English only 1 is.
/// </summary>
public static class Plurals
{
    public static string Plural(this IStringLocalizer localizer, long count, string message, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var template = localizer[message].Value;
        var culture = CultureInfo.CurrentCulture;
        var text = Select(template, count, CategoryOf(count, CultureInfo.CurrentUICulture), culture);
        return string.Format(culture, text, [count, .. args]);
    }

    /// <summary>The CLDR plural category of a whole number: « one » or « other ».</summary>
    public static string CategoryOf(long count, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fr"
            ? (count is 0 or 1 ? "one" : "other")
            : (count == 1 ? "one" : "other");

    /// <summary>Replaces each <c>{0, plural, …}</c> of <paramref name="template"/> by its branch for <paramref name="count"/>.</summary>
    public static string Select(string template, long count, string category, CultureInfo culture)
    {
        const string Opening = "{0, plural,";
        var result = new StringBuilder();
        var position = 0;
        while (template.IndexOf(Opening, position, StringComparison.Ordinal) is var start and >= 0)
        {
            result.Append(template, position, start - position);
            var (branches, end) = ReadBranches(template, start + Opening.Length);
            var chosen = branches.GetValueOrDefault("=" + count.ToString(CultureInfo.InvariantCulture))
                ?? branches.GetValueOrDefault(category)
                ?? branches.GetValueOrDefault("other")
                ?? throw new FormatException($"Pluriel sans forme « other » : {template}");
            result.Append(chosen.Replace("#", count.ToString("N0", culture), StringComparison.Ordinal));
            position = end;
        }
        result.Append(template, position, template.Length - position);
        return result.ToString();
    }

    /// <summary>The branches <c>selector {text}</c> up to the closing brace; returns the index after it.</summary>
    private static (Dictionary<string, string> Branches, int End) ReadBranches(string template, int index)
    {
        var branches = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            while (index < template.Length && char.IsWhiteSpace(template[index]))
            {
                index++;
            }
            if (index >= template.Length)
            {
                throw new FormatException($"Pluriel non fermé : {template}");
            }
            if (template[index] == '}')
            {
                return (branches, index + 1);
            }
            var selectorStart = index;
            while (index < template.Length && template[index] != '{' && !char.IsWhiteSpace(template[index]))
            {
                index++;
            }
            var selector = template[selectorStart..index];
            while (index < template.Length && char.IsWhiteSpace(template[index]))
            {
                index++;
            }
            if (index >= template.Length || template[index] != '{' || selector.Length == 0)
            {
                throw new FormatException($"Pluriel mal formé : {template}");
            }
            // The branch's text may hold placeholders ({1}): count the braces.
            var depth = 1;
            var textStart = ++index;
            while (index < template.Length && depth > 0)
            {
                depth += template[index] switch { '{' => 1, '}' => -1, _ => 0 };
                index++;
            }
            if (depth != 0)
            {
                throw new FormatException($"Pluriel non fermé : {template}");
            }
            branches[selector] = template[textStart..(index - 1)];
        }
    }
}
