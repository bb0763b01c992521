using Contrevue.Infrastructure.Text;
using System.Diagnostics;
using Contrevue.Data;
using Contrevue.Infrastructure;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Features.Territories.Import;

public enum TerritoryImportOrigin
{
    Bundled,
    Directory,
}

[Seam]
public sealed record TerritoryImportReport(
    bool Skipped, string SourceHash, int Regions, int Departements, int Epcis, int Communes,
    int MunicipalArrondissements, int Aliases, int PostalCodes, int Removed, TimeSpan Duration, int Centres = 0);

/// <summary>
/// Loads a release of the Etalab découpage administratif into the database: upserts every territory,
/// removes those the release no longer has, and rebuilds the aliases and postal codes. One transaction;
/// running it twice on the same release changes nothing.
/// </summary>
[Seam]
public sealed class TerritoryImporter(ContrevueDbContext db, TimeProvider time, ILogger<TerritoryImporter> logger, TerritoryDataVersion? dataVersion = null)
{
    private const long PostgresImportLockKey = 0x436f6e7472657675; // "Contrevu": serialises imports across instances.

    /// <summary>At start-up: imports the bundled release unless it (or a newer one from a folder) is already loaded.</summary>
    public async Task<TerritoryImportReport?> ImportBundledIfNeededAsync(CancellationToken cancellationToken)
    {
        var source = await TerritorySource.ReadAsync(TerritorySource.BundledFolder, cancellationToken);
        var last = await db.Set<TerritoryImport>().AsNoTracking().OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken);
        if (last is not null && (last.SourceHash == source.Hash || last.Origin == nameof(TerritoryImportOrigin.Directory)))
        {
            // Databases imported before centres existed get them once.
            if (!await db.Set<Commune>().AnyAsync(c => c.CentreSource != null, cancellationToken))
            {
                await using var centresTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await RefreshCentresAsync(centresTransaction.GetDbTransaction(), cancellationToken);
                await centresTransaction.CommitAsync(cancellationToken);
                dataVersion?.Invalidate();
            }
            return null;
        }
        return await ImportAsync(source, TerritoryImportOrigin.Bundled, force: false, cancellationToken);
    }

    public async Task<TerritoryImportReport> ImportAsync(
        TerritorySource source, TerritoryImportOrigin origin, bool force, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var plan = TerritoryImportPlan.Build(source);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var isPostgres = db.ProviderOf() == DatabaseProvider.Postgres;
        var writer = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), multiRowStatements: isPostgres);
        if (isPostgres)
        {
            await writer.ExecuteAsync($"SELECT pg_advisory_xact_lock({PostgresImportLockKey})", cancellationToken);
        }

        // Another instance may have imported the same release while we waited for the lock.
        var alreadyImported = await db.Set<TerritoryImport>().AnyAsync(i => i.SourceHash == source.Hash, cancellationToken);
        var lastOrigin = await db.Set<TerritoryImport>().OrderByDescending(i => i.Id).Select(i => i.Origin).FirstOrDefaultAsync(cancellationToken);
        if (alreadyImported && !force && lastOrigin == origin.ToString())
        {
            return new TerritoryImportReport(true, source.Hash, 0, 0, 0, 0, 0, 0, 0, 0, stopwatch.Elapsed);
        }

        var removed = await WriteAsync(writer, plan, cancellationToken);
        var centres = await RefreshCentresAsync(transaction.GetDbTransaction(), cancellationToken);

        db.Set<TerritoryImport>().Add(new TerritoryImport
        {
            Origin = origin.ToString(),
            SourceHash = source.Hash,
            Source = source.Folder,
            ImportedAt = time.GetUtcNow().UtcDateTime,
            DurationMilliseconds = (int)stopwatch.ElapsedMilliseconds,
            RegionCount = plan.Regions.Count,
            DepartementCount = plan.Departements.Count,
            EpciCount = plan.Epcis.Count,
            CommuneCount = plan.CommuneCount,
            MunicipalArrondissementCount = plan.MunicipalArrondissementCount,
            AliasCount = plan.Aliases.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Cached pages and ETags of this instance follow at once; other instances within seconds.
        dataVersion?.Invalidate();

        var report = new TerritoryImportReport(
            false, source.Hash, plan.Regions.Count, plan.Departements.Count, plan.Epcis.Count, plan.CommuneCount,
            plan.MunicipalArrondissementCount, plan.Aliases.Count, plan.PostalCodes.Count, removed, stopwatch.Elapsed, centres);
        logger.LogInformation(
            "Territory import: {Communes} communes, {Arrondissements} arrondissements municipaux, {Epcis} EPCI, {Aliases} aliases in {Milliseconds} ms",
            report.Communes, report.MunicipalArrondissements, report.Epcis, report.Aliases, (int)report.Duration.TotalMilliseconds);
        return report;
    }

    /// <summary>Communes' centres from the bundled GeoNames gazetteer, those from contours kept. Returns how many communes matched.</summary>
    private async Task<int> RefreshCentresAsync(System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!File.Exists(GeoNamesCentres.BundledFile))
        {
            logger.LogWarning("GeoNames gazetteer not found at {File}: communes keep the centres they have", GeoNamesCentres.BundledFile);
            return 0;
        }
        var places = await GeoNamesCentres.ReadAsync(GeoNamesCentres.BundledFile, cancellationToken);
        var communes = await db.Set<Commune>().AsNoTracking().Select(c => new { c.Code, c.Name, c.DepartementCode }).ToListAsync(cancellationToken);
        var matches = GeoNamesCentres.MatchCommunes(places, communes.Select(c => (c.Code, c.Name, c.DepartementCode)));
        await GeoNamesCentres.WriteAsync(db.Database.GetDbConnection(), transaction, matches, cancellationToken);
        logger.LogInformation("Commune centres: {Matched} of {Communes} communes matched in GeoNames ({Places} places)", matches.Count, communes.Count, places.Count);
        return matches.Count;
    }

    private static async Task<int> WriteAsync(BulkWriter writer, TerritoryImportPlan plan, CancellationToken cancellationToken)
    {
        // Aliases and postal codes are derived data: rebuilt from scratch.
        await writer.ExecuteAsync("DELETE FROM commune_aliases", cancellationToken);
        await writer.ExecuteAsync("DELETE FROM commune_postal_codes", cancellationToken);

        await writer.UpsertAsync("regions", ["code", "name", "slug", "search_name", "zone", "population", "commune_count"], ["code"],
            plan.Regions, cancellationToken);
        await writer.UpsertAsync("departements", ["code", "name", "slug", "search_name", "zone", "region_code", "population", "commune_count"], ["code"],
            plan.Departements, cancellationToken);
        await writer.UpsertAsync("epcis", ["siren", "name", "slug", "search_name", "kind", "financing_mode", "population", "commune_count"], ["siren"],
            plan.Epcis, cancellationToken);
        string[] communeColumns = ["code", "name", "slug", "search_name", "compact_name", "kind", "departement_code", "region_code", "epci_siren", "parent_code", "siren", "population", "postal_codes"];
        // Cities before their arrondissements, which reference them.
        await writer.UpsertAsync("communes", communeColumns, ["code"], plan.Communes, cancellationToken);
        await writer.UpsertAsync("communes", communeColumns, ["code"], plan.MunicipalArrondissements, cancellationToken);

        var removed = 0;
        var existingCommunes = await writer.ReadKeysAsync("SELECT code FROM communes ORDER BY parent_code IS NULL, code", cancellationToken);
        removed += await writer.DeleteWhereKeyInAsync("communes", "code", existingCommunes.Where(c => !plan.CommuneCodes.Contains(c)).ToList(), cancellationToken);
        var existingEpcis = await writer.ReadKeysAsync("SELECT siren FROM epcis", cancellationToken);
        removed += await writer.DeleteWhereKeyInAsync("epcis", "siren", existingEpcis.Where(s => !plan.EpciSirens.Contains(s)).ToList(), cancellationToken);
        var existingDepartements = await writer.ReadKeysAsync("SELECT code FROM departements", cancellationToken);
        removed += await writer.DeleteWhereKeyInAsync("departements", "code", existingDepartements.Where(c => !plan.DepartementCodes.Contains(c)).ToList(), cancellationToken);
        var existingRegions = await writer.ReadKeysAsync("SELECT code FROM regions", cancellationToken);
        removed += await writer.DeleteWhereKeyInAsync("regions", "code", existingRegions.Where(c => !plan.RegionCodes.Contains(c)).ToList(), cancellationToken);

        await writer.InsertAsync("commune_aliases", ["code", "name", "search_name", "kind", "commune_code"], plan.Aliases, cancellationToken);
        await writer.InsertAsync("commune_postal_codes", ["postal_code", "commune_code"], plan.PostalCodes, cancellationToken);
        return removed;
    }
}

/// <summary>The rows an import writes, computed from a source before touching the database.</summary>
internal sealed class TerritoryImportPlan
{
    public List<object?[]> Regions { get; } = [];
    public List<object?[]> Departements { get; } = [];
    public List<object?[]> Epcis { get; } = [];
    public List<object?[]> Communes { get; } = [];
    public List<object?[]> MunicipalArrondissements { get; } = [];
    public List<object?[]> Aliases { get; } = [];
    public List<object?[]> PostalCodes { get; } = [];
    public HashSet<string> RegionCodes { get; } = [];
    public HashSet<string> DepartementCodes { get; } = [];
    public HashSet<string> EpciSirens { get; } = [];
    public HashSet<string> CommuneCodes { get; } = [];
    public int CommuneCount => Communes.Count;
    public int MunicipalArrondissementCount => MunicipalArrondissements.Count;

    public static TerritoryImportPlan Build(TerritorySource source)
    {
        var plan = new TerritoryImportPlan();
        var communes = source.Communes;
        var current = communes.Where(c => c.Type == "commune-actuelle").ToList();
        var arrondissements = communes.Where(c => c.Type == "arrondissement-municipal").ToList();
        if (current.Count == 0)
        {
            throw new TerritoryImportException("communes.json ne contient aucune commune actuelle.");
        }

        var populationByDepartement = new Dictionary<string, (long Population, int Count)>();
        var populationByRegion = new Dictionary<string, (long Population, int Count)>();
        foreach (var commune in current)
        {
            Add(populationByDepartement, commune.Departement, commune.Population ?? 0);
            Add(populationByRegion, commune.Region, commune.Population ?? 0);
        }

        foreach (var region in source.Regions)
        {
            var totals = populationByRegion.GetValueOrDefault(region.Code);
            plan.RegionCodes.Add(region.Code);
            plan.Regions.Add([region.Code, region.Name, SearchText.Slug(region.Name), SearchText.Normalize(region.Name),
                region.Zone ?? "", totals.Population, totals.Count]);
        }
        foreach (var departement in source.Departements)
        {
            if (!plan.RegionCodes.Contains(departement.Region))
            {
                throw new TerritoryImportException($"Le département {departement.Code} renvoie à une région inconnue ({departement.Region}).");
            }
            var totals = populationByDepartement.GetValueOrDefault(departement.Code);
            plan.DepartementCodes.Add(departement.Code);
            plan.Departements.Add([departement.Code, departement.Name, SearchText.Slug(departement.Name), SearchText.Normalize(departement.Name),
                departement.Zone ?? "", departement.Region, totals.Population, totals.Count]);
        }

        var epciOfCommune = new Dictionary<string, string>();
        foreach (var epci in source.Epcis)
        {
            plan.EpciSirens.Add(epci.Code);
            var members = epci.Members ?? [];
            foreach (var member in members)
            {
                epciOfCommune[member.Code] = epci.Code;
            }
            plan.Epcis.Add([epci.Code, epci.Name, SearchText.Slug(epci.Name), SearchText.Normalize(epci.Name),
                epci.Kind, epci.FinancingMode, epci.Population ?? 0, members.Count]);
        }

        foreach (var commune in current)
        {
            plan.Communes.Add(plan.CommuneRow(commune, CommuneKind.Commune, epciOfCommune.GetValueOrDefault(commune.Code), parentCode: null));
        }
        foreach (var arrondissement in arrondissements)
        {
            if (arrondissement.City is null || !plan.CommuneCodes.Contains(arrondissement.City))
            {
                throw new TerritoryImportException($"L'arrondissement municipal {arrondissement.Code} renvoie à une commune inconnue ({arrondissement.City}).");
            }
            plan.MunicipalArrondissements.Add(plan.CommuneRow(arrondissement, CommuneKind.MunicipalArrondissement,
                epciOfCommune.GetValueOrDefault(arrondissement.City), arrondissement.City));
        }

        plan.AddAliases(communes, current);
        return plan;
    }

    private object?[] CommuneRow(SourceCommune commune, CommuneKind kind, string? epciSiren, string? parentCode)
    {
        if (!DepartementCodes.Contains(commune.Departement))
        {
            throw new TerritoryImportException($"La commune {commune.Code} renvoie à un département inconnu ({commune.Departement}).");
        }
        if (epciSiren is not null && !EpciSirens.Contains(epciSiren))
        {
            epciSiren = null;
        }
        CommuneCodes.Add(commune.Code);
        var postalCodes = (commune.PostalCodes ?? []).Distinct().ToList();
        foreach (var postalCode in postalCodes)
        {
            PostalCodes.Add([postalCode, commune.Code]);
        }
        var searchName = SearchText.Normalize(commune.Name);
        return [commune.Code, commune.Name, SearchText.Slug(commune.Name), searchName, SearchText.Compact(searchName), (int)kind,
            commune.Departement, commune.Region, epciSiren, parentCode, commune.Siren, commune.Population, string.Join(' ', postalCodes)];
    }

    /// <summary>
    /// Communes déléguées and associées, and every former code, lead to the current commune. A déléguée
    /// may carry the very code of its commune nouvelle; it is kept as an alias for its name.
    /// </summary>
    private void AddAliases(IReadOnlyList<SourceCommune> all, List<SourceCommune> current)
    {
        var aliases = new Dictionary<(string Code, string Commune), (string? Name, CommuneAliasKind Kind)>();
        foreach (var commune in all)
        {
            var kind = commune.Type switch
            {
                "commune-deleguee" => CommuneAliasKind.Deleguee,
                "commune-associee" => CommuneAliasKind.Associee,
                _ => (CommuneAliasKind?)null,
            };
            if (kind is null || commune.ChefLieu is null || !CommuneCodes.Contains(commune.ChefLieu))
            {
                continue;
            }
            aliases[(commune.Code, commune.ChefLieu)] = (commune.Name, kind.Value);
        }
        foreach (var commune in current)
        {
            foreach (var formerCode in commune.FormerCodes ?? [])
            {
                aliases.TryAdd((formerCode, commune.Code), (null, CommuneAliasKind.FormerCode));
            }
        }
        foreach (var ((code, communeCode), (name, kind)) in aliases.OrderBy(a => a.Key.Code, StringComparer.Ordinal).ThenBy(a => a.Key.Commune, StringComparer.Ordinal))
        {
            Aliases.Add([code, name, name is null ? null : SearchText.Normalize(name), (int)kind, communeCode]);
        }
    }

    private static void Add(Dictionary<string, (long Population, int Count)> totals, string key, long population)
    {
        var (sum, count) = totals.GetValueOrDefault(key);
        totals[key] = (sum + population, count + 1);
    }
}
