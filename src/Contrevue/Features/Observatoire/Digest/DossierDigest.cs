using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Digest;

/// <summary>What the weekly digest asks the observatoire: the public dossiers created in a week.</summary>
[Seam]
public sealed class DossierDigest(ContrevueDbContext db)
{
    public const int MaxListed = 30;

    /// <summary>The public, real dossiers created in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first.</summary>
    public async Task<IReadOnlyList<DossierLink>> CreatedBetweenAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken) =>
        await db.Set<Dossier>().AsNoTracking()
            .Where(d => d.CreatedAt >= fromUtc && d.CreatedAt < toUtc && !d.IsHidden && !d.IsFictional)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(MaxListed)
            .Select(d => new DossierLink(d.Id, d.Title, "/observatoire/dossiers/" + d.Id + "-" + d.Slug))
            .ToListAsync(cancellationToken);
}
