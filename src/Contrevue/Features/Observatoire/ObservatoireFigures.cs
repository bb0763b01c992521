using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire;

/// <summary>The observatoire's figures that other pages quote (the home page's count of dossiers).</summary>
[Seam]
public sealed class ObservatoireFigures(ContrevueDbContext db)
{
    /// <summary>How many dossiers the public can read (hidden ones left out).</summary>
    public Task<int> PublicDossierCountAsync(CancellationToken cancellationToken) =>
        db.Set<Dossier>().CountAsync(d => !d.IsHidden, cancellationToken);
}
