using System.Globalization;
using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Territories.Mentions;

/// <summary>How a word is joined to the one before it.</summary>
internal enum Joint
{
    /// <summary>First word of the text.</summary>
    Start,
    /// <summary>Spaces only (not a line break): the words may belong to one name.</summary>
    Space,
    /// <summary>A hyphen, possibly with spaces: "Saint-Étienne", "Nice-Matin".</summary>
    Hyphen,
    /// <summary>An apostrophe: "d'Angers", "L'Haÿ".</summary>
    Apostrophe,
    /// <summary>Anything else: a comma, a parenthesis, a quote, a line break, the end of a sentence.</summary>
    Other,
}

/// <summary>One word of a text: where it is, its <see cref="SearchText"/> form, how it is written.</summary>
internal readonly record struct Word(
    int Start,
    int Length,
    string Folded,
    Joint Joint,
    bool Capitalized,
    bool AllCapitals,
    bool SentenceStart,
    bool OpensParenthesis,
    bool ClosesParenthesisAfter,
    bool ColonOrDashAfter);

/// <summary>
/// Cuts a text into words the way <see cref="SearchText"/> cuts names (letters and digits; everything
/// else separates), keeping what the rules need: capitals, sentence starts, hyphens, parentheses.
/// </summary>
internal static class MentionText
{
    /// <summary>After these, the next word starts a sentence (or a title, a quotation): its capital says nothing.</summary>
    private static readonly System.Buffers.SearchValues<char> SentenceBreaks = System.Buffers.SearchValues.Create(".!?…:;\n\r«\"“•|");

    public static List<Word> Words(string text)
    {
        var words = new List<Word>(text.Length / 5);
        var position = 0;
        var separatorStart = 0;
        while (position < text.Length)
        {
            if (!IsWordCharacter(text[position]))
            {
                position++;
                continue;
            }
            var start = position;
            while (position < text.Length && IsWordCharacter(text[position]))
            {
                position++;
            }
            var separator = text.AsSpan(separatorStart, start - separatorStart);
            var raw = text.AsSpan(start, position - start);
            var joint = words.Count == 0 ? Joint.Start : JointOf(separator);
            var sentenceStart = words.Count == 0 || separator.IndexOfAny(SentenceBreaks) >= 0;
            var opens = separator.TrimEnd().EndsWith("(");
            if (words.Count > 0)
            {
                var previous = words[^1];
                var trimmed = separator.TrimStart();
                words[^1] = previous with
                {
                    ClosesParenthesisAfter = trimmed.StartsWith(")"),
                    ColonOrDashAfter = trimmed.StartsWith(":") || trimmed.StartsWith("–") || trimmed.StartsWith("—")
                        || (trimmed.StartsWith("-") && separator.Length > 0 && char.IsWhiteSpace(separator[0])),
                };
            }
            words.Add(new Word(start, position - start, Fold(raw), joint,
                char.IsUpper(raw[0]), raw.Length > 1 && IsAllCapitals(raw), sentenceStart, opens, false, false));
            separatorStart = position;
        }
        if (words.Count > 0)
        {
            var rest = text.AsSpan(separatorStart).TrimStart();
            words[^1] = words[^1] with
            {
                ClosesParenthesisAfter = rest.StartsWith(")"),
                ColonOrDashAfter = rest.StartsWith(":") || rest.StartsWith("–") || rest.StartsWith("—"),
            };
        }
        return words;
    }

    /// <summary>A word in <see cref="SearchText"/> form ("St" read as "saint"); ASCII words skip the Unicode work.</summary>
    public static string Fold(ReadOnlySpan<char> raw)
    {
        var ascii = true;
        foreach (var character in raw)
        {
            if (character > 0x7F)
            {
                ascii = false;
                break;
            }
        }
        if (!ascii)
        {
            return SearchText.Normalize(raw.ToString());
        }
        var lower = raw.ToString().ToLowerInvariant();
        return lower switch
        {
            "st" => "saint",
            "ste" => "sainte",
            "sts" => "saints",
            "stes" => "saintes",
            _ => lower,
        };
    }

    private static bool IsWordCharacter(char character) =>
        char.IsLetterOrDigit(character) || CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark;

    private static bool IsAllCapitals(ReadOnlySpan<char> raw)
    {
        foreach (var character in raw)
        {
            if (char.IsLower(character))
            {
                return false;
            }
        }
        return true;
    }

    private static Joint JointOf(ReadOnlySpan<char> separator)
    {
        if (separator.Length == 1)
        {
            switch (separator[0])
            {
                case '-' or '\u2010' or '\u2011':
                    return Joint.Hyphen;
                case '\'' or '\u2019' or '\u02BC' or '\u2018':
                    return Joint.Apostrophe;
            }
        }
        foreach (var character in separator)
        {
            if (character is not (' ' or '\u00A0' or '\u202F' or '\t'))
            {
                return Joint.Other;
            }
        }
        return Joint.Space;
    }
}
