using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Collectives.Public;

/// <summary>
/// A listed collective as the public pages show it, with the départements and régions its territories
/// lie in (a commune in its département, an EPCI in those of its communes, a région over all of its
/// départements), for the directory's filters and map.
/// </summary>
public sealed record ListedCollective(
    int Id,
    string Name,
    string? Description,
    IReadOnlyList<TerritoryReference> Territories,
    IReadOnlySet<string> Departements,
    IReadOnlySet<string> Regions,
    bool Contactable)
{
    public string ProfilePath => CollectiveDirectory.ProfilePath(Id, Name);
}

/// <summary>Which listed collectives exist, and which cover a territory. There are few: all are read at once.</summary>
public sealed class CollectiveCoverage(ContrevueDbContext db)
{
    /// <summary>Every listed collective, by name in French order.</summary>
    public async Task<List<ListedCollective>> ListedAsync(CancellationToken cancellationToken)
    {
        var collectives = await db.Set<Collective>().AsNoTracking().Where(c => c.Listed)
            .Select(c => new
            {
                c.Id,
                c.Name,
                c.Description,
                Territories = c.Territories.Select(t => new { t.TerritoryKind, t.TerritoryCode }).ToList(),
                // Contactable: as IsContactableAsync says.
                Contactable = c.Members.Any(m => db.Users.Any(u => u.Id == m.UserId && u.Email != null && u.EmailConfirmed)),
            })
            .ToListAsync(cancellationToken);
        var all = collectives.SelectMany(c => c.Territories).ToList();
        var communeCodes = all.Where(t => t.TerritoryKind == TerritoryKind.Commune).Select(t => t.TerritoryCode).Distinct().ToList();
        var epciSirens = all.Where(t => t.TerritoryKind == TerritoryKind.Epci).Select(t => t.TerritoryCode).Distinct().ToList();
        var communes = await db.Set<Commune>().AsNoTracking().Where(c => communeCodes.Contains(c.Code))
            .Select(c => new { c.Code, c.DepartementCode, c.RegionCode }).ToDictionaryAsync(c => c.Code, cancellationToken);
        var epcis = (await db.Set<Commune>().AsNoTracking().Where(c => c.EpciSiren != null && epciSirens.Contains(c.EpciSiren))
                .Select(c => new { c.EpciSiren, c.DepartementCode, c.RegionCode }).Distinct().ToListAsync(cancellationToken))
            .GroupBy(c => c.EpciSiren!).ToDictionary(g => g.Key, g => g.ToList());
        var departements = await db.Set<Departement>().AsNoTracking().Select(d => new { d.Code, d.RegionCode }).ToListAsync(cancellationToken);
        var regionOf = departements.ToDictionary(d => d.Code, d => d.RegionCode);

        var french = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), System.Globalization.CompareOptions.IgnoreCase);
        return [.. collectives.Select(c =>
        {
            var depts = new HashSet<string>();
            var regions = new HashSet<string>();
            foreach (var territory in c.Territories)
            {
                switch (territory.TerritoryKind)
                {
                    case TerritoryKind.Commune when communes.TryGetValue(territory.TerritoryCode, out var commune):
                        depts.Add(commune.DepartementCode);
                        regions.Add(commune.RegionCode);
                        break;
                    case TerritoryKind.Epci when epcis.TryGetValue(territory.TerritoryCode, out var parts):
                        depts.UnionWith(parts.Select(p => p.DepartementCode));
                        regions.UnionWith(parts.Select(p => p.RegionCode));
                        break;
                    case TerritoryKind.Departement:
                        depts.Add(territory.TerritoryCode);
                        if (regionOf.TryGetValue(territory.TerritoryCode, out var region))
                        {
                            regions.Add(region);
                        }
                        break;
                    case TerritoryKind.Region:
                        regions.Add(territory.TerritoryCode);
                        depts.UnionWith(departements.Where(d => d.RegionCode == territory.TerritoryCode).Select(d => d.Code));
                        break;
                }
            }
            return new ListedCollective(c.Id, c.Name, c.Description,
                [.. c.Territories.Select(t => new TerritoryReference(t.TerritoryKind, t.TerritoryCode))], depts, regions, c.Contactable);
        }).OrderBy(c => c.Name, french)];
    }

    /// <summary>Whether a listed collective can be written to: a member with a confirmed address to relay a message to.</summary>
    public Task<bool> IsContactableAsync(int collectiveId, CancellationToken cancellationToken) =>
        db.Set<Collective>().AnyAsync(c => c.Id == collectiveId && c.Listed
            && c.Members.Any(m => db.Users.Any(u => u.Id == m.UserId && u.Email != null && u.EmailConfirmed)), cancellationToken);

    /// <summary>
    /// The listed collectives a territory's page shows: for a commune, those covering it, its EPCI, its
    /// département or its région; for an EPCI, those covering it, one of its communes, or what contains it;
    /// for a département or a région, every collective active there.
    /// </summary>
    public async Task<List<ListedCollective>> CoveringAsync(TerritoryReference territory, CancellationToken cancellationToken)
    {
        var listed = await ListedAsync(cancellationToken);
        switch (territory.Kind)
        {
            case TerritoryKind.Departement:
                return [.. listed.Where(c => c.Departements.Contains(territory.Code))];
            case TerritoryKind.Region:
                return [.. listed.Where(c => c.Regions.Contains(territory.Code))];
            case TerritoryKind.Commune:
            {
                var commune = await db.Set<Commune>().AsNoTracking().Where(c => c.Code == territory.Code)
                    .Select(c => new { c.Code, c.ParentCode, c.EpciSiren, c.DepartementCode, c.RegionCode }).FirstOrDefaultAsync(cancellationToken);
                if (commune is null)
                {
                    return [];
                }
                var around = new HashSet<TerritoryReference>
                {
                    territory,
                    new(TerritoryKind.Departement, commune.DepartementCode),
                    new(TerritoryKind.Region, commune.RegionCode),
                };
                if (commune.ParentCode is not null)
                {
                    around.Add(new(TerritoryKind.Commune, commune.ParentCode));
                }
                if (commune.EpciSiren is not null)
                {
                    around.Add(new(TerritoryKind.Epci, commune.EpciSiren));
                }
                return [.. listed.Where(c => c.Territories.Any(around.Contains))];
            }
            default:
            {
                var parts = await db.Set<Commune>().AsNoTracking().Where(c => c.EpciSiren == territory.Code)
                    .Select(c => new { c.Code, c.DepartementCode, c.RegionCode }).ToListAsync(cancellationToken);
                var around = parts.Select(p => new TerritoryReference(TerritoryKind.Commune, p.Code))
                    .Concat(parts.Select(p => new TerritoryReference(TerritoryKind.Departement, p.DepartementCode)))
                    .Concat(parts.Select(p => new TerritoryReference(TerritoryKind.Region, p.RegionCode)))
                    .Append(territory).ToHashSet();
                return [.. listed.Where(c => c.Territories.Any(around.Contains))];
            }
        }
    }

    /// <summary>The listed collectives matching a search: words of the name or the description, accents and case ignored.</summary>
    public static IEnumerable<ListedCollective> Matching(IEnumerable<ListedCollective> collectives, string? search)
    {
        var words = SearchText.Normalize(search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0
            ? collectives
            : collectives.Where(c =>
            {
                var text = SearchText.Normalize(c.Name + " " + c.Description);
                return words.All(w => text.Contains(w, StringComparison.Ordinal));
            });
    }

    /// <summary>The public links of the given collectives, in their order.</summary>
    public async Task<Dictionary<int, List<CollectiveLink>>> LinksAsync(IReadOnlyCollection<int> collectiveIds, CancellationToken cancellationToken) =>
        (await db.Set<CollectiveLink>().AsNoTracking().Where(l => collectiveIds.Contains(l.CollectiveId)).ToListAsync(cancellationToken))
            .GroupBy(l => l.CollectiveId).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Position).ToList());

    /// <summary>The names of territories, for lists (one query per kind); unknown ones are left out.</summary>
    public async Task<Dictionary<TerritoryReference, string>> NamesAsync(IEnumerable<TerritoryReference> territories, CancellationToken cancellationToken)
    {
        var byKind = territories.Distinct().GroupBy(t => t.Kind).ToDictionary(g => g.Key, g => g.Select(t => t.Code).ToList());
        var names = new Dictionary<TerritoryReference, string>();
        void Add(TerritoryKind kind, IEnumerable<(string Code, string Name)> rows)
        {
            foreach (var (code, name) in rows)
            {
                names[new TerritoryReference(kind, code)] = name;
            }
        }
        if (byKind.TryGetValue(TerritoryKind.Commune, out var communes))
        {
            Add(TerritoryKind.Commune, (await db.Set<Commune>().AsNoTracking().Where(c => communes.Contains(c.Code)).Select(c => new { c.Code, c.Name }).ToListAsync(cancellationToken)).Select(c => (c.Code, c.Name)));
        }
        if (byKind.TryGetValue(TerritoryKind.Epci, out var epcis))
        {
            Add(TerritoryKind.Epci, (await db.Set<Epci>().AsNoTracking().Where(e => epcis.Contains(e.Siren)).Select(e => new { e.Siren, e.Name }).ToListAsync(cancellationToken)).Select(e => (e.Siren, e.Name)));
        }
        if (byKind.TryGetValue(TerritoryKind.Departement, out var departements))
        {
            Add(TerritoryKind.Departement, (await db.Set<Departement>().AsNoTracking().Where(d => departements.Contains(d.Code)).Select(d => new { d.Code, d.Name }).ToListAsync(cancellationToken)).Select(d => (d.Code, d.Name)));
        }
        if (byKind.TryGetValue(TerritoryKind.Region, out var regions))
        {
            Add(TerritoryKind.Region, (await db.Set<Region>().AsNoTracking().Where(r => regions.Contains(r.Code)).Select(r => new { r.Code, r.Name }).ToListAsync(cancellationToken)).Select(r => (r.Code, r.Name)));
        }
        return names;
    }

    /// <summary>The public page of a territory.</summary>
    public static string PathOf(TerritoryReference territory) => territory.Kind switch
    {
        TerritoryKind.Commune => $"/communes/{territory.Code}",
        TerritoryKind.Departement => $"/departements/{territory.Code}",
        TerritoryKind.Region => $"/regions/{territory.Code}",
        _ => $"/epci/{territory.Code}",
    };
}

/// <summary>A territory as a list shows it: its name (the reference when unknown) and its page.</summary>
public sealed record NamedTerritory(TerritoryReference Reference, string Name)
{
    public string Path => CollectiveCoverage.PathOf(Reference);
}
