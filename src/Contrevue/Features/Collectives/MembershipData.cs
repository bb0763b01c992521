using Contrevue.Data;
using Contrevue.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives;

/// <summary>An account's memberships, in its export; they go with the account (the foreign key cascades).</summary>
public sealed class MembershipData(ContrevueDbContext db) : IAccountDataHolder
{
    public string Section => "collectives";

    public async Task<object> ExportAsync(string userId, CancellationToken cancellationToken) =>
        await db.Set<CollectiveMember>().AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Set<Collective>(), m => m.CollectiveId, c => c.Id, (m, c) => new { CollectiveId = c.Id, c.Name, m.JoinedAt })
            .OrderBy(m => m.CollectiveId)
            .ToListAsync(cancellationToken);

    public Task ForgetAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;
}
