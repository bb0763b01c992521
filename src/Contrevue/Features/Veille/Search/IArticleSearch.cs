namespace Contrevue.Features.Veille.Search;

/// <summary>
/// Full-text search of articles through the database's own engine, as the observatoire searches its dossiers:
/// SQLite FTS5 (accents folded, every word also as a prefix) or PostgreSQL text search in the <c>contrevue_fr</c>
/// configuration (French stemming after <c>unaccent</c>, <c>websearch_to_tsquery</c>, the last word as a prefix).
/// Matches come back as a query, so that filters, order and paging run in the same statement.
/// </summary>
public interface IArticleSearch
{
    /// <summary>The articles of <paramref name="articles"/> whose title, outlet, author, summary or tags have every word of <paramref name="query"/>.</summary>
    IQueryable<Article> Matching(IQueryable<Article> articles, string query);

    /// <summary>Adds or replaces the indexed text of these articles (saved), when the engine keeps its own index.</summary>
    Task WriteAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken);

    /// <summary>Forgets a deleted article, when the engine keeps its own index.</summary>
    Task RemoveAsync(int articleId, CancellationToken cancellationToken);

    /// <summary>The text an article is found by.</summary>
    static string TextOf(Article article) =>
        string.Join(' ', new[] { article.Title, article.Outlet, article.Author, article.Summary }
            .Concat(article.Tags.Select(t => t.Tag.Replace('-', ' ')))
            .Where(part => !string.IsNullOrWhiteSpace(part)));
}
