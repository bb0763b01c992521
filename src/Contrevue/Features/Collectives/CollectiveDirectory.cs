using Contrevue.Data;
using Contrevue.Features.Territories;
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

    /// <summary>
    /// The members' e-mail addresses, sorted ("" for an account without one); with <paramref name="confirmedOnly"/>,
    /// only the confirmed addresses, those a message may be sent to.
    /// </summary>
    public async Task<List<string>> MemberEmailsAsync(int collectiveId, bool confirmedOnly, CancellationToken cancellationToken) =>
        await db.Set<CollectiveMember>().Where(m => m.CollectiveId == collectiveId)
            .Join(confirmedOnly ? db.Users.Where(u => u.Email != null && u.EmailConfirmed) : db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email ?? "")
            .OrderBy(e => e).ToListAsync(cancellationToken);

    /// <summary>The territories covered by the collectives the user belongs to (none for a visitor).</summary>
    public async Task<List<TerritoryReference>> TerritoriesOfMemberAsync(string? userId, CancellationToken cancellationToken) =>
        userId is null
            ? []
            : [.. (await db.Set<CollectiveTerritory>().AsNoTracking()
                .Where(t => db.Set<CollectiveMember>().Any(m => m.CollectiveId == t.CollectiveId && m.UserId == userId))
                .Select(t => new { t.TerritoryKind, t.TerritoryCode }).Distinct().ToListAsync(cancellationToken))
                .Select(t => new TerritoryReference(t.TerritoryKind, t.TerritoryCode))];

    /// <summary>
    /// What a public page may say of the given collectives, by id: the name, and the profile's path when
    /// the collective is listed (null otherwise: an unlisted collective has no public page). Unknown ids are left out.
    /// </summary>
    public async Task<Dictionary<int, PublicCollective>> PublicAsync(IReadOnlyCollection<int> collectiveIds, CancellationToken cancellationToken) =>
        (await db.Set<Collective>().AsNoTracking().Where(c => collectiveIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Listed }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id, c => new PublicCollective(c.Id, c.Name, c.Listed ? ProfilePath(c.Id, c.Name) : null));

    /// <summary>The listed collectives covering a territory exactly (a commune's collectives, a département's…).</summary>
    public async Task<List<PublicCollective>> ListedCoveringAsync(IReadOnlyCollection<TerritoryReference> territories, CancellationToken cancellationToken)
    {
        var pairs = territories.Select(t => $"{(int)t.Kind}:{t.Code}").ToList();
        var rows = await db.Set<CollectiveTerritory>().AsNoTracking()
            .Where(t => territories.Select(r => r.Code).Contains(t.TerritoryCode))
            .Join(db.Set<Collective>().Where(c => c.Listed), t => t.CollectiveId, c => c.Id, (t, c) => new { t.TerritoryKind, t.TerritoryCode, c.Id, c.Name })
            .ToListAsync(cancellationToken);
        return [.. rows.Where(r => pairs.Contains($"{(int)r.TerritoryKind}:{r.TerritoryCode}"))
            .DistinctBy(r => r.Id).OrderBy(r => r.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true))
            .Select(r => new PublicCollective(r.Id, r.Name, ProfilePath(r.Id, r.Name)))];
    }

    /// <summary>The public profile's path: <c>/collectifs/12-collectif-stephanois</c>.</summary>
    public static string ProfilePath(int collectiveId, string name) => $"/collectifs/{collectiveId}-{Infrastructure.Text.SearchText.Slug(name)}";
}

/// <summary>A collective as public pages may name it; <see cref="ProfilePath"/> is null when it is not listed.</summary>
[Seam]
public sealed record PublicCollective(int Id, string Name, string? ProfilePath);
