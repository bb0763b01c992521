using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Digest;

/// <summary>What the weekly digest asks the observatoire: the public dossiers created in a week.</summary>
[Seam]
public sealed class DossierDigest(ContrevueDbContext db)
{
    public const int MaxListed = 30;

    /// <summary>
    /// The public, real dossiers created in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the
    /// <see cref="MaxListed"/> newest, newest first, and how many there were in all.
    /// </summary>
    public async Task<CreatedDossiers> CreatedBetweenAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var created = db.Set<Dossier>().AsNoTracking()
            .Where(d => d.CreatedAt >= fromUtc && d.CreatedAt < toUtc && !d.IsHidden && !d.IsFictional);
        var listed = await created
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(MaxListed)
            .Select(d => new DossierLink(d.Id, d.Title, "/observatoire/dossiers/" + d.Id + "-" + d.Slug))
            .ToListAsync(cancellationToken);
        var total = listed.Count < MaxListed ? listed.Count : await created.CountAsync(cancellationToken);
        return new CreatedDossiers(listed, total);
    }
}

/// <summary>A week's new dossiers as the digest lists them: <see cref="Listed"/> of <see cref="Total"/>.</summary>
[Seam]
public sealed record CreatedDossiers(IReadOnlyList<DossierLink> Listed, int Total);
