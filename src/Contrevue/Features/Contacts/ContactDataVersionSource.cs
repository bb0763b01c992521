using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.History;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Contacts;

/// <summary>Every change of a territory's contacts (a moderated proposal, an edit, a revert) is a revision.</summary>
internal sealed class ContactDataVersionSource(ContrevueDbContext db) : ITerritoryDataVersionSource
{
    public async Task<string> CurrentAsync(CancellationToken cancellationToken) =>
        $"{await db.Set<Revision>().Where(r => r.EntityType == ContactService.EntityType).MaxAsync(r => (int?)r.Id, cancellationToken)}";
}
