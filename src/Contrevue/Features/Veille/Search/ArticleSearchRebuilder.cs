using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Search;

/// <summary>Writes the search index again from the articles: after a restore (the backup carries only the model's tables).</summary>
public sealed class ArticleSearchRebuilder(ContrevueDbContext db, IArticleSearch search) : Infrastructure.Backup.IRestoredDataRebuilder
{
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var lastId = 0;
        while (true)
        {
            var batch = await db.Set<Article>().AsNoTracking().Where(a => a.Id > lastId).OrderBy(a => a.Id).Take(500)
                .Include(a => a.Tags).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }
            await search.WriteAsync(batch, cancellationToken);
            lastId = batch[^1].Id;
        }
    }
}
