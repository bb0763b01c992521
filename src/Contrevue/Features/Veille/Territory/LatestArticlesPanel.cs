using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Territory;

public sealed record LatestArticlesPanelModel(string TerritoryName, TerritoryReference Territory, IReadOnlyList<Article> Articles);

/// <summary>« Dans la presse » on the pages of communes and départements: the latest articles about them.</summary>
internal sealed class LatestArticlesPanel(ArticleService articles) : ITerritoryPanel
{
    public const int Shown = 5;

    public int Order => 48;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Departement];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        // Tagged even when empty: the first article about the territory must evict the page.
        Infrastructure.Caching.PublicPageCache.Tag(context.Request.HttpContext, VeilleCache.TerritoryTag(context.Territory));
        var page = await articles.ListAsync(new ArticleQuery(Territory: context.Territory), null, Shown, cancellationToken);
        return page.Items.Count == 0
            ? null
            : new TerritoryPanelView("/Features/Veille/Territory/_LatestArticles.cshtml", new LatestArticlesPanelModel(context.Name, context.Territory, page.Items));
    }
}

/// <summary>Territory pages follow the last article added.</summary>
internal sealed class ArticleDataVersionSource(ContrevueDbContext db) : ITerritoryDataVersionSource
{
    public async Task<string> CurrentAsync(CancellationToken cancellationToken) =>
        $"{(await db.Set<Article>().MaxAsync(a => (DateTime?)a.UpdatedAt, cancellationToken))?.Ticks}";
}
