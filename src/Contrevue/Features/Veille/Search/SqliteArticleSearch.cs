using Contrevue.Data;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Search;

/// <summary>
/// The FTS5 table <c>article_search</c> (rowid = article id), written by the app (no trigger), as the
/// observatoire's <c>dossier_search</c>. The text is stored in the site's normal form (lower case, no accents:
/// <see cref="SearchText.Normalize"/>); each word of a query must start a word of the article.
/// </summary>
public sealed class SqliteArticleSearch(ContrevueDbContext db) : IArticleSearch
{
    public IQueryable<Article> Matching(IQueryable<Article> articles, string query)
    {
        if (MatchExpression(query) is not { } expression)
        {
            return articles.Where(a => false);
        }
        var ids = db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM article_search WHERE article_search MATCH {expression}");
        return articles.Where(a => ids.Contains(a.Id));
    }

    /// <summary>Every word as a quoted prefix, all required: <c>"camera"* "saint"*</c>. Null without a word.</summary>
    public static string? MatchExpression(string query)
    {
        // Normalized words hold only letters and digits: quoting them keeps FTS5 operators out.
        var terms = SearchText.Normalize(query).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(20).ToList();
        return terms.Count == 0 ? null : string.Join(' ', terms.Select(t => $"\"{t}\"*"));
    }

    public async Task WriteAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        foreach (var article in articles)
        {
            var text = SearchText.Normalize(IArticleSearch.TextOf(article));
            await db.Database.ExecuteSqlAsync($"DELETE FROM article_search WHERE rowid = {article.Id}", cancellationToken);
            await db.Database.ExecuteSqlAsync($"INSERT INTO article_search (rowid, text) VALUES ({article.Id}, {text})", cancellationToken);
        }
    }

    public async Task RemoveAsync(int articleId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM article_search WHERE rowid = {articleId}", cancellationToken);
}
