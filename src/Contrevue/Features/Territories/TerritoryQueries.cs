using Contrevue.Data;
using Contrevue.Infrastructure;
using Contrevue.Features.Territories.Search;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories;

public sealed record TerritoryRef(string Code, string Name, string Slug);

/// <summary>A commune's centre (WGS 84) and its département.</summary>
[Seam]
public sealed record CommuneCentre(double Latitude, double Longitude, string DepartementCode);

public sealed record CommuneFormerCode(string Code, string? Name, CommuneAliasKind Kind);

/// <summary>A commune (or municipal arrondissement) with everything its page and the API show.</summary>
[Seam]
public sealed record CommuneDetails(
    string Code,
    string Name,
    string Slug,
    CommuneKind Kind,
    TerritoryRef Departement,
    TerritoryRef Region,
    TerritoryRef? Epci,
    TerritoryRef? City,
    string? Siren,
    int? Population,
    IReadOnlyList<string> PostalCodes)
{
    public IReadOnlyList<CommuneFormerCode> FormerCodes { get; init; } = [];
    public IReadOnlyList<TerritoryRef> Arrondissements { get; init; } = [];
    public string CanonicalPath => $"/communes/{Code}-{Slug}";
}

/// <summary>What a code asked for in a URL turns out to be.</summary>
[Seam]
public abstract record CommuneLookup
{
    public sealed record Found(CommuneDetails Commune) : CommuneLookup;
    /// <summary>An alias or former code of exactly one current commune.</summary>
    public sealed record Moved(string Code, string Slug) : CommuneLookup;
    /// <summary>A former commune split between several current ones.</summary>
    public sealed record Split(string Code, IReadOnlyList<TerritoryRef> Communes) : CommuneLookup;
    public sealed record Unknown : CommuneLookup;
}

[Seam]
public sealed class TerritoryQueries(ContrevueDbContext db)
{
    public async Task<CommuneLookup> FindCommuneAsync(string code, CancellationToken cancellationToken)
    {
        code = code.Trim().ToUpperInvariant();
        var commune = await CommuneDetails(c => c.Code == code).FirstOrDefaultAsync(cancellationToken);
        if (commune is not null)
        {
            var formerCodes = await db.Set<CommuneAlias>().AsNoTracking()
                .Where(a => a.CommuneCode == code)
                .OrderBy(a => a.Code).ThenBy(a => a.Name)
                .Select(a => new CommuneFormerCode(a.Code, a.Name, a.Kind))
                .ToListAsync(cancellationToken);
            var arrondissements = await db.Set<Commune>().AsNoTracking()
                .Where(c => c.ParentCode == code)
                .OrderBy(c => c.Code)
                .Select(c => new TerritoryRef(c.Code, c.Name, c.Slug))
                .ToListAsync(cancellationToken);
            return new CommuneLookup.Found(commune with { FormerCodes = formerCodes, Arrondissements = arrondissements });
        }

        var targets = await db.Set<CommuneAlias>().AsNoTracking()
            .Where(a => a.Code == code)
            .Select(a => new TerritoryRef(a.Commune!.Code, a.Commune.Name, a.Commune.Slug))
            .Distinct()
            .ToListAsync(cancellationToken);
        return targets switch
        {
            [] => new CommuneLookup.Unknown(),
            [var only] => new CommuneLookup.Moved(only.Code, only.Slug),
            _ => new CommuneLookup.Split(code, [.. targets.OrderBy(t => t.Code, StringComparer.Ordinal)]),
        };
    }

    /// <summary>The details of the given communes, in the order of <paramref name="codes"/>.</summary>
    public async Task<List<CommuneDetails>> CommuneDetailsInOrderAsync(IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var details = await CommuneDetails(c => codes.Contains(c.Code)).ToListAsync(cancellationToken);
        var byCode = details.ToDictionary(d => d.Code);
        return [.. codes.Where(byCode.ContainsKey).Select(code => byCode[code])];
    }

    public async Task<Dictionary<string, List<string>>> FormerCodesOfAsync(IReadOnlyCollection<string> communeCodes, CancellationToken cancellationToken)
    {
        var rows = await db.Set<CommuneAlias>().AsNoTracking()
            .Where(a => communeCodes.Contains(a.CommuneCode))
            .Select(a => new { a.CommuneCode, a.Code })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => r.Code != r.CommuneCode)
            .GroupBy(r => r.CommuneCode)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Code).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The communes matching <paramref name="filter"/>, with their département, région, EPCI and city.</summary>
    public IQueryable<CommuneDetails> CommuneDetails(Expression<Func<Commune, bool>> filter) =>
        db.Set<Commune>().AsNoTracking().Where(filter).Select(c => new CommuneDetails(
            c.Code,
            c.Name,
            c.Slug,
            c.Kind,
            new TerritoryRef(c.Departement!.Code, c.Departement.Name, c.Departement.Slug),
            new TerritoryRef(c.Region!.Code, c.Region.Name, c.Region.Slug),
            c.EpciSiren == null ? null : new TerritoryRef(c.Epci!.Siren, c.Epci.Name, c.Epci.Slug),
            c.ParentCode == null ? null : new TerritoryRef(c.Parent!.Code, c.Parent.Name, c.Parent.Slug),
            c.Siren,
            c.Population,
            c.PostalCodes.Length == 0 ? Array.Empty<string>() : c.PostalCodes.Split(' ', StringSplitOptions.None)));

    /// <summary>
    /// Every commune's centre that a source gives (GeoNames or a loaded contour), by INSEE code: the
    /// position of what is known only by its commune (a dossier without its own point, a collective).
    /// </summary>
    public async Task<Dictionary<string, CommuneCentre>> CommuneCentresAsync(CancellationToken cancellationToken) =>
        await db.Set<Commune>().AsNoTracking()
            .Where(c => c.CentreLatitude != null && c.CentreLongitude != null)
            .Select(c => new { c.Code, Latitude = c.CentreLatitude!.Value, Longitude = c.CentreLongitude!.Value, c.DepartementCode })
            .ToDictionaryAsync(c => c.Code, c => new CommuneCentre(c.Latitude, c.Longitude, c.DepartementCode), StringComparer.Ordinal, cancellationToken);

    public Task<Departement?> FindDepartementAsync(string code, CancellationToken cancellationToken) =>
        db.Set<Departement>().AsNoTracking().Include(d => d.Region).FirstOrDefaultAsync(d => d.Code == code.ToUpperInvariant(), cancellationToken);

    public Task<Region?> FindRegionAsync(string code, CancellationToken cancellationToken) =>
        db.Set<Region>().AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, cancellationToken);

    public Task<Epci?> FindEpciAsync(string siren, CancellationToken cancellationToken) =>
        db.Set<Epci>().AsNoTracking().FirstOrDefaultAsync(e => e.Siren == siren, cancellationToken);

    public Task<List<Departement>> DepartementsAsync(CancellationToken cancellationToken) =>
        db.Set<Departement>().AsNoTracking().Include(d => d.Region).OrderBy(d => d.Code).ToListAsync(cancellationToken);

    public Task<List<Departement>> DepartementsOfRegionAsync(string regionCode, CancellationToken cancellationToken) =>
        db.Set<Departement>().AsNoTracking().Include(d => d.Region).Where(d => d.RegionCode == regionCode).OrderBy(d => d.Code).ToListAsync(cancellationToken);

    public Task<List<Region>> RegionsAsync(CancellationToken cancellationToken) =>
        db.Set<Region>().AsNoTracking().OrderBy(r => r.SearchName).ToListAsync(cancellationToken);

    public async Task<CommunePage> CommunesAsync(CommuneFilter filter, CommuneSort sort, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Set<Commune>().AsNoTracking().Where(c => c.Kind == CommuneKind.Commune);
        query = filter switch
        {
            CommuneFilter.InDepartement(var code) => query.Where(c => c.DepartementCode == code),
            CommuneFilter.InRegion(var code) => query.Where(c => c.RegionCode == code),
            CommuneFilter.InEpci(var siren) => query.Where(c => c.EpciSiren == siren),
            _ => query,
        };
        var total = await query.CountAsync(cancellationToken);
        var ordered = sort switch
        {
            CommuneSort.NameDescending => query.OrderByDescending(c => c.SearchName).ThenByDescending(c => c.Code),
            CommuneSort.PopulationDescending => query.OrderByDescending(c => c.Population ?? -1).ThenBy(c => c.SearchName),
            CommuneSort.PopulationAscending => query.OrderBy(c => c.Population ?? -1).ThenBy(c => c.SearchName),
            _ => query.OrderBy(c => c.SearchName).ThenBy(c => c.Code),
        };
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await ordered.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new CommuneListItem(c.Code, c.Name, c.Slug, c.Population, c.PostalCodes, c.DepartementCode))
            .ToListAsync(cancellationToken);
        return new CommunePage(items, total, page, pageCount, sort);
    }
}

public abstract record CommuneFilter
{
    public sealed record InDepartement(string Code) : CommuneFilter;
    public sealed record InRegion(string Code) : CommuneFilter;
    public sealed record InEpci(string Siren) : CommuneFilter;
}

public enum CommuneSort
{
    Name,
    NameDescending,
    PopulationDescending,
    PopulationAscending,
}

public sealed record CommuneListItem(string Code, string Name, string Slug, int? Population, string PostalCodes, string DepartementCode)
{
    public string CanonicalPath => $"/communes/{Code}-{Slug}";
}

public sealed record CommunePage(IReadOnlyList<CommuneListItem> Items, int Total, int Page, int PageCount, CommuneSort Sort);
