using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.History;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire;

/// <summary>
/// Every dossier change (an edit, a moderated proposal, a report that hides it) is a revision, and so is
/// each demo generation: the territory pages' dossiers, and the observatoire's own cached pages
/// (<see cref="ObservatoireCache"/>), follow the last one.
/// </summary>
internal sealed class DossierDataVersionSource(ContrevueDbContext db) : ITerritoryDataVersionSource
{
    public async Task<string> CurrentAsync(CancellationToken cancellationToken) =>
        $"{await db.Set<Revision>().Where(r => r.EntityType == DossierService.EntityType || r.EntityType == Demo.DemoGenerator.EntityType).MaxAsync(r => (int?)r.Id, cancellationToken)}";
}
