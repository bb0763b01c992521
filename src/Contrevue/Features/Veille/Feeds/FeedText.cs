using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>
/// A feed's title or summary as plain text: tags removed (scripts and styles with their content), entities decoded
/// (twice when a site escaped them twice: « &amp;eacute; »), spaces folded, refused characters dropped, cut at a length.
/// </summary>
public static partial class FeedText
{
    public static string Plain(string html, int maxLength)
    {
        // The markup of a long article's body is not needed past what is kept; bounded, the regexes are quick.
        var text = html.Length > maxLength * 8 + 1_000 ? html[..(maxLength * 8 + 1_000)] : html;
        for (var pass = 0; pass < 2; pass++)
        {
            text = Scripts().Replace(text, " ");
            // Block tags part words, inline ones do not: « <p>Audience <strong>mardi</strong>.</p> » is « Audience mardi. ».
            text = Tags().Replace(text, tag => BlockTag().IsMatch(tag.Value) ? " " : "");
            var decoded = WebUtility.HtmlDecode(text);
            if (decoded == text)
            {
                break;
            }
            text = decoded;
        }
        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                space = builder.Length > 0;
                continue;
            }
            if (!Infrastructure.Web.InputText.IsAcceptable(rune.ToString(), multiLine: false))
            {
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(rune.ToString());
            if (builder.Length >= maxLength)
            {
                break;
            }
        }
        var plain = builder.ToString();
        if (plain.Length > maxLength)
        {
            plain = plain[..maxLength];
            if (char.IsHighSurrogate(plain[^1]))
            {
                plain = plain[..^1];
            }
        }
        return plain.Trim();
    }

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"^</?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|figure|figcaption|hr|dd|dt)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"<(?:[a-zA-Z/!?][^<>]*)>", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Tags();
}
