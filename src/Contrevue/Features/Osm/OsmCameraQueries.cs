using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Osm;

/// <summary>Counts of cameras in a territory, by kind.</summary>
public sealed record OsmCameraCounts(int Total, IReadOnlyList<(string Kind, int Count)> ByKind, IReadOnlyList<(string Surveillance, int Count)> BySurveillance, DateTime? ExportedAt);

/// <summary>What the pages, the API and the map read of OpenStreetMap's cameras.</summary>
public sealed class OsmCameraQueries(ContrevueDbContext db)
{
    /// <summary>Changes with every import (its id) and every added or removed camera (the count): cheap enough for every tile.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var lastImport = await db.Set<OsmImport>().MaxAsync(i => (int?)i.Id, cancellationToken) ?? 0;
        var count = await db.Set<OsmCamera>().CountAsync(cancellationToken);
        return $"{lastImport}-{count}";
    }

    /// <summary>The city of an arrondissement municipal (Paris, Lyon, Marseille), or null for any other code.</summary>
    public async Task<(string Code, string Name, string Slug)?> CityOfArrondissementAsync(string code, CancellationToken cancellationToken)
    {
        var city = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.Code == code && c.Kind == CommuneKind.MunicipalArrondissement && c.ParentCode != null)
            .Join(db.Set<Commune>(), a => a.ParentCode, p => p.Code, (a, p) => new { p.Code, p.Name, p.Slug })
            .FirstOrDefaultAsync(cancellationToken);
        return city is null ? null : (city.Code, city.Name, city.Slug);
    }

    public IQueryable<OsmCamera> In(TerritoryReference territory) => territory.Kind switch
    {
        TerritoryKind.Commune => db.Set<OsmCamera>().AsNoTracking().Where(c => c.CommuneCode == territory.Code),
        TerritoryKind.Departement => db.Set<OsmCamera>().AsNoTracking().Where(c => c.DepartementCode == territory.Code),
        _ => db.Set<OsmCamera>().AsNoTracking().Where(c => false),
    };

    public async Task<OsmCameraCounts> CountsAsync(TerritoryReference territory, CancellationToken cancellationToken)
    {
        var cameras = In(territory).Where(c => c.AreaKey != Import.OsmCameraAreas.Demo);
        var rows = await cameras
            .GroupBy(c => new { c.SurveillanceType, c.CameraType, c.Surveillance })
            .Select(g => new { g.Key.SurveillanceType, g.Key.CameraType, g.Key.Surveillance, Count = g.Count(), ExportedAt = g.Max(c => c.ExportedAt) })
            .ToListAsync(cancellationToken);
        var byKind = rows
            .GroupBy(r => OsmCameraKinds.Of(r.SurveillanceType, r.CameraType))
            .Select(g => (g.Key, g.Sum(r => r.Count)))
            .OrderByDescending(k => k.Item2).ThenBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        var bySurveillance = rows
            .GroupBy(r => OsmCameraKinds.Placement(r.Surveillance))
            .Select(g => (g.Key, g.Sum(r => r.Count)))
            .OrderByDescending(k => k.Item2).ThenBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        return new OsmCameraCounts(rows.Sum(r => r.Count), byKind, bySurveillance, rows.Count == 0 ? null : rows.Max(r => r.ExportedAt));
    }
}

/// <summary>The kinds the panel and the map show, from OSM's tags.</summary>
public static class OsmCameraKinds
{
    /// <summary><c>alpr</c>, <c>guard</c>, <c>dome</c>, <c>fixed</c>, <c>panning</c>, <c>camera</c> (type unknown), <c>other</c>.</summary>
    public static string Of(string? surveillanceType, string? cameraType) => surveillanceType?.ToLowerInvariant() switch
    {
        "alpr" => "alpr",
        "guard" => "guard",
        "camera" or null => cameraType?.ToLowerInvariant() switch
        {
            "dome" => "dome",
            "fixed" => "fixed",
            "panning" => "panning",
            _ => "camera",
        },
        _ => "other",
    };

    /// <summary><c>public</c>, <c>outdoor</c>, <c>indoor</c>, or <c>unknown</c>.</summary>
    public static string Placement(string? surveillance) => surveillance?.ToLowerInvariant() switch
    {
        "public" => "public",
        "outdoor" => "outdoor",
        "indoor" => "indoor",
        _ => "unknown",
    };

    public static string KindLabel(string kind) => kind switch
    {
        "alpr" => "lecture de plaques d'immatriculation (LAPI)",
        "guard" => "gardiennage",
        "dome" => "caméras dômes",
        "fixed" => "caméras fixes",
        "panning" => "caméras orientables",
        "camera" => "caméras de type non précisé",
        _ => "autres dispositifs",
    };

    public static string PlacementLabel(string placement) => placement switch
    {
        "public" => "filmant l'espace public",
        "outdoor" => "en extérieur (espace privé)",
        "indoor" => "en intérieur",
        _ => "sans précision",
    };
}
