using System.Globalization;
using System.Text;

namespace Contrevue.Infrastructure.Text;

/// <summary>
/// The one normal form used to compare place names: lower case, no accents, every hyphen, apostrophe
/// or other separator turned into a single space, and the abbreviations "st"/"ste" read as
/// "saint"/"sainte". Names are stored in this form at import; queries are put in it before matching.
/// </summary>
public static class SearchText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        // Normalize throws on noncharacters and lone surrogates: text stored before the input rule may hold them.
        var decomposed = Infrastructure.Web.InputText.Sanitize(text, multiLine: true).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var character in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(character))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                pendingSpace = false;
                AppendFolded(builder, character);
            }
            else
            {
                pendingSpace = true;
            }
        }
        return ExpandAbbreviations(builder.ToString());
    }

    /// <summary>A normalized text without its spaces: what remains when separators are left out.</summary>
    public static string Compact(string normalized) => normalized.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>The URL slug of a name: "Saint-Étienne" → "saint-etienne".</summary>
    public static string Slug(string name)
    {
        var words = Normalize(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('-', words);
    }

    private static void AppendFolded(StringBuilder builder, char character)
    {
        switch (character)
        {
            case 'œ' or 'Œ':
                builder.Append("oe");
                break;
            case 'æ' or 'Æ':
                builder.Append("ae");
                break;
            case 'ß':
                builder.Append("ss");
                break;
            default:
                builder.Append(char.ToLowerInvariant(character));
                break;
        }
    }

    private static string ExpandAbbreviations(string normalized)
    {
        if (!normalized.Contains("st", StringComparison.Ordinal))
        {
            return normalized;
        }
        var words = normalized.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = words[i] switch
            {
                "st" => "saint",
                "ste" => "sainte",
                "sts" => "saints",
                "stes" => "saintes",
                _ => words[i],
            };
        }
        return string.Join(' ', words);
    }
}
