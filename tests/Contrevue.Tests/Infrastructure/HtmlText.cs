using System.Net;
using System.Text.RegularExpressions;

namespace Contrevue.Tests.Infrastructure;

public static partial class HtmlText
{
    /// <summary>The visible text of an HTML page, entities decoded and every kind of space made a plain one.</summary>
    public static string Visible(string html)
    {
        var withoutTags = Tags().Replace(Scripts().Replace(html, " "), " ");
        var decoded = WebUtility.HtmlDecode(withoutTags);
        return Spaces().Replace(decoded, " ");
    }

    /// <summary>Every URL a page refers to: href, src, action, srcset, and CSS url() in style attributes.</summary>
    public static IReadOnlyList<string> ReferencedUrls(string html) =>
        [.. UrlAttributes().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value))];

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[\s\u00A0\u202F\u2009]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(?:href|src|action|srcset|poster|data)\s*=\s*[""'](?<url>[^""']*)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAttributes();
}
