using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Search;

/// <summary>
/// PostgreSQL text search over the articles' own columns in the <c>contrevue_fr</c> configuration (French
/// Snowball stems after <c>unaccent</c>, made by the observatoire's search migration): no copy to keep in
/// step. Queries read as <c>websearch_to_tsquery</c> (quotes, "or", a leading minus), the last plain word
/// also as a prefix, for a word being typed.
/// </summary>
public sealed partial class PostgresArticleSearch : IArticleSearch
{
    private const string Configuration = "contrevue_fr";

    public IQueryable<Article> Matching(IQueryable<Article> articles, string query)
    {
        var (head, prefix) = Split(query);
        if (string.IsNullOrWhiteSpace(head) && prefix is null)
        {
            return articles.Where(a => false);
        }
        if (prefix is null)
        {
            return articles.Where(a => EF.Functions.ToTsVector(Configuration, a.Title + " " + a.Outlet + " " + (a.Author ?? "") + " " + (a.Summary ?? "")).Matches(EF.Functions.WebSearchToTsQuery(Configuration, head)));
        }
        var prefixQuery = prefix + ":*";
        if (string.IsNullOrWhiteSpace(head))
        {
            return articles.Where(a => EF.Functions.ToTsVector(Configuration, a.Title + " " + a.Outlet + " " + (a.Author ?? "") + " " + (a.Summary ?? "")).Matches(EF.Functions.ToTsQuery(Configuration, prefixQuery)));
        }
        return articles.Where(a => EF.Functions.ToTsVector(Configuration, a.Title + " " + a.Outlet + " " + (a.Author ?? "") + " " + (a.Summary ?? "")).Matches(
            EF.Functions.WebSearchToTsQuery(Configuration, head).And(EF.Functions.ToTsQuery(Configuration, prefixQuery))));
    }

    /// <summary>Nothing to write: the search reads the article's columns.</summary>
    public Task WriteAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to forget: the article's row is gone.</summary>
    public Task RemoveAsync(int articleId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The query without its last word, and that word when it is plain letters or digits (safe for to_tsquery).</summary>
    public static (string Head, string? Prefix) Split(string query)
    {
        var trimmed = query.Trim();
        var match = LastPlainWord().Match(trimmed);
        return match.Success ? (trimmed[..match.Index], match.Groups["word"].Value) : (trimmed, null);
    }

    [GeneratedRegex(@"(?:^|\s)(?<word>[\p{L}\p{N}]+)$")]
    private static partial Regex LastPlainWord();
}
