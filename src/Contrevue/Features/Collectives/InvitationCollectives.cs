using Contrevue.Data;
using Contrevue.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives;

/// <summary>What an invitation needs of collectives: their names, their members, and joining one on acceptance.</summary>
public sealed class InvitationCollectives(ContrevueDbContext db) : IInvitationCollectives
{
    public async Task<IReadOnlyList<(int Id, string Name)>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<Collective>().AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name))];

    public Task<string?> NameAsync(int collectiveId, CancellationToken cancellationToken) =>
        db.Set<Collective>().Where(c => c.Id == collectiveId).Select(c => (string?)c.Name).FirstOrDefaultAsync(cancellationToken);

    public Task<bool> IsMemberAsync(int collectiveId, string userId, CancellationToken cancellationToken) =>
        db.Set<CollectiveMember>().AnyAsync(m => m.CollectiveId == collectiveId && m.UserId == userId, cancellationToken);

    public void Join(int collectiveId, string userId, DateTime joinedAt) =>
        db.Add(new CollectiveMember { CollectiveId = collectiveId, UserId = userId, JoinedAt = joinedAt });
}
