using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories.Mentions;

/// <summary>
/// A territory a text names. <see cref="Territory"/> is a territory reference (a bare INSEE code for a
/// commune, <c>departement:93</c>, <c>region:84</c>), or null when the name is <see cref="Ambiguous"/>:
/// then <see cref="Candidates"/> lists the references it may stand for, most populous first.
/// </summary>
[Seam]
public sealed record TerritoryMention(string Text, string? Territory, bool Ambiguous, IReadOnlyList<string> Candidates);

/// <summary>A territory found by its name: its reference, its name, and for a commune or a département the département it lies in.</summary>
[Seam]
public sealed record NamedTerritory(TerritoryReference Territory, string Name, string? DepartementCode, string? DepartementName);

/// <summary>
/// Suggests the territories a text (a news article, a headline) mentions, from the names of every commune,
/// département and région, with the rules a French reader applies: "à Sète", "au Havre", "d'Angers";
/// "Sainté"; "Tours" the city but not "à plusieurs tours"; "Seine-Saint-Denis" the département, not
/// Saint-Denis; "Saint-Denis (93)" or a département named nearby to choose between homonyms, else the name
/// left ambiguous with its candidates. The names are held in memory, read again when the territory data
/// changes (a new import), so that an article of a few kilobytes takes a fraction of a millisecond.
/// </summary>
[Seam]
public sealed class TerritoryMentions(IServiceScopeFactory scopes, TerritoryDataVersion version, ILogger<TerritoryMentions> logger)
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private Loaded? _loaded;

    private sealed record Loaded(string Version, int ImportId, MentionIndex Index);

    /// <summary>The territories <paramref name="text"/> mentions, in the order of their first mention, each once.</summary>
    public async Task<IReadOnlyList<TerritoryMention>> FindAsync(string text, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(text) ? [] : (await IndexAsync(cancellationToken)).Find(text);

    /// <summary>
    /// The territories a name typed alone in a form designates (« Sète », « saint etienne », « Auvergne-Rhône-Alpes »,
    /// « Saint-Denis (93) »): every commune, département or région of that exact name, régions first, then
    /// départements, then communes most populous first. Several: the name is ambiguous, for the form to ask.
    /// None: not a name of the territory data as written (a misspelling, a postal code: see the territory search).
    /// </summary>
    public async Task<IReadOnlyList<NamedTerritory>> NamedAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return [];
        }
        var index = await IndexAsync(cancellationToken);
        return [.. index.Named(name).Select(p => new NamedTerritory(
            new TerritoryReference(p.Kind, p.Code), p.Name,
            p.Kind == TerritoryKind.Region ? null : p.DepartementCode,
            p.Kind == TerritoryKind.Region ? null : index.Departement(p.DepartementCode)?.Name))];
    }

    internal async Task<MentionIndex> IndexAsync(CancellationToken cancellationToken)
    {
        var current = await version.CurrentAsync(cancellationToken);
        var loaded = Volatile.Read(ref _loaded);
        if (loaded is not null && loaded.Version == current)
        {
            return loaded.Index;
        }
        // While one caller rebuilds, the others keep the names they have.
        if (loaded is not null && !await _building.WaitAsync(0, cancellationToken))
        {
            return loaded.Index;
        }
        if (loaded is null)
        {
            await _building.WaitAsync(cancellationToken);
        }
        try
        {
            loaded = Volatile.Read(ref _loaded);
            if (loaded is not null && loaded.Version == current)
            {
                return loaded.Index;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            // The version also moves with what features show on territory pages; only a new import changes the names.
            var importId = await db.Set<TerritoryImport>().AsNoTracking().OrderByDescending(i => i.Id).Select(i => i.Id).FirstOrDefaultAsync(cancellationToken);
            if (loaded is not null && loaded.ImportId == importId)
            {
                Volatile.Write(ref _loaded, loaded with { Version = current });
                return loaded.Index;
            }
            var index = await BuildAsync(db, cancellationToken);
            Volatile.Write(ref _loaded, new Loaded(current, importId, index));
            return index;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<MentionIndex> BuildAsync(ContrevueDbContext db, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var regions = await db.Set<Region>().AsNoTracking().Select(r => new { r.Code, r.Name }).ToListAsync(cancellationToken);
        var departements = await db.Set<Departement>().AsNoTracking().Select(d => new { d.Code, d.Name, d.RegionCode }).ToListAsync(cancellationToken);
        var communes = await db.Set<Commune>().AsNoTracking().Where(c => c.Kind == CommuneKind.Commune)
            .Select(c => new { c.Code, c.Name, c.DepartementCode, c.RegionCode, c.Population, c.PostalCodes }).ToListAsync(cancellationToken);
        var formerNames = await db.Set<CommuneAlias>().AsNoTracking()
            .Where(a => a.Name != null && a.Kind != CommuneAliasKind.FormerCode)
            .Select(a => new { a.Name, a.CommuneCode }).ToListAsync(cancellationToken);
        var index = MentionIndex.Build(
            communes.Select(c => new MentionPlace(TerritoryKind.Commune, c.Code, c.Name, c.DepartementCode, c.RegionCode, c.Population ?? 0,
                c.PostalCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries))),
            departements.Select(d => new MentionPlace(TerritoryKind.Departement, d.Code, d.Name, d.Code, d.RegionCode, 0, [])),
            regions.Select(r => new MentionPlace(TerritoryKind.Region, r.Code, r.Name, "", r.Code, 0, [])),
            formerNames.Select(a => (a.Name!, a.CommuneCode)));
        logger.LogInformation("Territory names for mentions loaded: {Names} names in {Milliseconds} ms",
            index.NameCount, (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return index;
    }
}
