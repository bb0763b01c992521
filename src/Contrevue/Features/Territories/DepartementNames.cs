using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories;

/// <summary>
/// The départements' codes and names, in code order, kept in memory for as long as the territory data
/// (<see cref="TerritoryDataVersion"/>) stays the same: lists and forms offer them on every page, and
/// reading a hundred rows per request is a database round trip a press peak does not need.
/// </summary>
[Seam]
public sealed class DepartementNames(IServiceScopeFactory scopes, TerritoryDataVersion version)
{
    private sealed record Known(string Version, IReadOnlyList<(string Code, string Name)> Departements, IReadOnlySet<string> Codes);

    private Known? _known;

    public async Task<IReadOnlyList<(string Code, string Name)>> AllAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Departements;

    /// <summary>Whether a département has this code (as written in the data: upper case, as in 2A).</summary>
    public async Task<bool> ExistsAsync(string code, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Codes.Contains(code);

    private async Task<Known> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = await version.CurrentAsync(cancellationToken);
        if (Volatile.Read(ref _known) is { } known && known.Version == current)
        {
            return known;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var departements = (await db.Set<Departement>().AsNoTracking().OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(cancellationToken))
            .Select(d => (d.Code, d.Name)).ToList();
        var read = new Known(current, departements, departements.Select(d => d.Code).ToHashSet(StringComparer.Ordinal));
        Volatile.Write(ref _known, read);
        return read;
    }
}
