using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>
/// A feed's keyword filter: an item is kept when its title or summary names one of the keywords, compared without
/// case or accents, as whole words (a plural's « s » or « x » allowed: « caméra » finds « caméras »). No keyword:
/// every item.
/// </summary>
public static class FeedKeywords
{
    private static readonly string[] Endings = [" ", "s ", "x ", "e ", "es "];

    public static IReadOnlyList<string> Normalized(IEnumerable<string> keywords) =>
        [.. keywords.Select(SearchText.Normalize).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)];

    public static bool Match(IReadOnlyList<string> normalizedKeywords, string title, string? summary)
    {
        if (normalizedKeywords.Count == 0)
        {
            return true;
        }
        var text = " " + SearchText.Normalize(title + " " + summary) + " ";
        foreach (var keyword in normalizedKeywords)
        {
            var start = 0;
            while ((start = text.IndexOf(" " + keyword, start, StringComparison.Ordinal)) >= 0)
            {
                var after = text.AsSpan(start + 1 + keyword.Length);
                foreach (var ending in Endings)
                {
                    if (after.StartsWith(ending, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
                start++;
            }
        }
        return false;
    }
}
