using System.Globalization;

namespace Contrevue.Features.Veille;

/// <summary>An article as the API gives it: <see cref="Url"/> is the canonical address; <see cref="Page"/> its page here.</summary>
public sealed record ArticleDocument(
    int Id, string Title, string Outlet, string? Author, string Url, string PublishedOn, string? Summary,
    IReadOnlyList<string> Territories, IReadOnlyList<string> Tags, IReadOnlyList<int> Dossiers, string Page);

/// <summary>A page of the list, and the cursor of the next one (null: the last page).</summary>
public sealed record ArticleListDocument(IReadOnlyList<ArticleDocument> Items, string? NextCursor);

public static class ArticleMapping
{
    public static ArticleDocument AsDocument(this Article article) => new(
        article.Id, article.Title, article.Outlet, article.Author, article.CanonicalUrl,
        article.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), article.Summary,
        [.. article.Territories.Select(t => t.Reference.ToString())], [.. article.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)],
        [.. article.Dossiers.Select(d => d.DossierId).Order()], article.PagePath);
}
