using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives;

/// <summary>
/// What other features may ask about collectives — who belongs to which, their names, their members'
/// addresses — so that work hung on a collective (procedures, say) is checked against its members
/// without reading the collectives' tables.
/// </summary>
[Seam]
public sealed class CollectiveDirectory(ContrevueDbContext db)
{
    /// <summary>False for a visitor (no user id).</summary>
    public Task<bool> IsMemberAsync(string? userId, int collectiveId, CancellationToken cancellationToken) =>
        userId is null
            ? Task.FromResult(false)
            : db.Set<CollectiveMember>().AnyAsync(m => m.CollectiveId == collectiveId && m.UserId == userId, cancellationToken);

    /// <summary>The ids of the collectives the user belongs to.</summary>
    public async Task<List<int>> IdsOfMemberAsync(string userId, CancellationToken cancellationToken) =>
        await db.Set<CollectiveMember>().Where(m => m.UserId == userId).Select(m => m.CollectiveId).ToListAsync(cancellationToken);

    /// <summary>The collectives the user belongs to, by name.</summary>
    public async Task<List<(int Id, string Name)>> OfMemberAsync(string userId, CancellationToken cancellationToken) =>
        [.. (await db.Set<Collective>().AsNoTracking()
            .Where(c => c.Members.Any(m => m.UserId == userId))
            .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.Name))];

    /// <summary>The name of a collective that exists (a foreign key says so); throws otherwise.</summary>
    public Task<string> NameAsync(int collectiveId, CancellationToken cancellationToken) =>
        db.Set<Collective>().Where(c => c.Id == collectiveId).Select(c => c.Name).FirstAsync(cancellationToken);

    /// <summary>The names of the given collectives, by id; unknown ids are left out.</summary>
    public async Task<Dictionary<int, string>> NamesAsync(IReadOnlyCollection<int> collectiveIds, CancellationToken cancellationToken) =>
        await db.Set<Collective>().AsNoTracking().Where(c => collectiveIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

    /// <summary>The members' e-mail addresses, sorted ("" for an account without one).</summary>
    public async Task<List<string>> MemberEmailsAsync(int collectiveId, CancellationToken cancellationToken) =>
        await db.Set<CollectiveMember>().Where(m => m.CollectiveId == collectiveId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email ?? "")
            .OrderBy(e => e).ToListAsync(cancellationToken);
}
