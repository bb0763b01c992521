using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Contrevue.Features.Observatoire.Demo;

/// <summary>What <c>demo generate</c> was asked for.</summary>
/// <param name="Commune">INSEE code of a commune that gets exactly <paramref name="CommuneDossiers"/> of the dossiers (and no other).</param>
public sealed record DemoRequest(
    int Dossiers, int Sources, int Seed = DemoRequest.DefaultSeed, bool Force = false, bool Replace = false,
    string? Commune = null, int CommuneDossiers = 0)
{
    public const int DefaultSeed = 42;
}

public sealed record DemoReport(
    int Dossiers, int Sources, int StatusChanges, int Fundings, int VendorLinks, int VendorsCreated,
    int FictionalBefore, int Removed, TimeSpan Duration);

public abstract record DemoOutcome
{
    public sealed record Generated(DemoReport Report) : DemoOutcome;
    public sealed record Refused(string Message) : DemoOutcome;
}

/// <summary>
/// Fills the database with fictional dossiers (marked as such everywhere) for demonstrations and load
/// tests. Written like the territory import: one transaction, rows in bulk outside EF's change tracker,
/// so that 50,000 dossiers with 200,000 sources take seconds rather than minutes.
/// </summary>
public sealed class DemoGenerator(ContrevueDbContext db, TimeProvider time, AuditLog audit, DossierService dossiers, Search.DossierSearchIndexer searchIndex, ILogger<DemoGenerator> logger)
{
    public const int ChunkSize = 5_000;
    public const string EntityType = "demo";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public async Task<DemoOutcome> GenerateAsync(DemoRequest request, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Dossiers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Sources, request.Dossiers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Sources, (long)request.Dossiers * DossierLimits.MaxSources);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.CommuneDossiers, request.Dossiers);
        var stopwatch = Stopwatch.StartNew();

        var real = await db.Set<Dossier>().CountAsync(d => !d.IsFictional, cancellationToken);
        if (real > 0 && !request.Force)
        {
            return new DemoOutcome.Refused(
                $"La base contient {Count(real)} dossier{(real > 1 ? "s" : "")} réel{(real > 1 ? "s" : "")} : des dossiers fictifs s'y mêleraient. "
                + "Rien n'a été généré. Ajoutez --force pour les générer quand même (ils restent marqués « fictif »).");
        }
        var communes = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.Kind == CommuneKind.Commune)
            .OrderBy(c => c.Code)
            .Select(c => new DemoCommune(c.Code, c.Name, c.Slug, c.DepartementCode, c.RegionCode, c.Population ?? 0))
            .ToListAsync(cancellationToken);
        if (communes.Count == 0)
        {
            return new DemoOutcome.Refused("Aucune commune dans la base : importez d'abord le découpage administratif (Contrevue import territories).");
        }
        DemoCommune? chosen = null;
        if (request.Commune is not null && request.CommuneDossiers > 0)
        {
            chosen = communes.FirstOrDefault(c => c.Code == request.Commune.Trim());
            if (chosen is null)
            {
                return new DemoOutcome.Refused($"Commune inconnue : « {request.Commune} » (le code INSEE d'une commune actuelle, 42218 pour Saint-Étienne).");
            }
        }
        var departementNames = await db.Set<Departement>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        var regionNames = await db.Set<Region>().AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, cancellationToken);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var isPostgres = db.ProviderOf() == DatabaseProvider.Postgres;
        var writer = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), multiRowStatements: isPostgres);
        var dossierRows = new EntityRows<Dossier>(db);
        var statusRows = new EntityRows<DossierStatusChange>(db);
        var fundingRows = new EntityRows<DossierFunding>(db);
        var vendorRows = new EntityRows<DossierVendor>(db);
        var sourceRows = new EntityRows<Source>(db);
        if (isPostgres)
        {
            // Ids are given here, not by the database: nobody else may add rows meanwhile (reading stays possible).
            await writer.ExecuteAsync(
                $"LOCK TABLE {string.Join(", ", new[] { dossierRows.Table, statusRows.Table, fundingRows.Table, sourceRows.Table, vendorRows.Table })} IN EXCLUSIVE MODE",
                cancellationToken);
        }

        var fictionalBefore = await db.Set<Dossier>().CountAsync(d => d.IsFictional, cancellationToken);
        var removed = request.Replace ? await RemoveFictionalAsync(cancellationToken) : 0;
        var (vendors, vendorsCreated) = await EnsureVendorsAsync(cancellationToken);

        var nextDossierId = await NextIdAsync(dossierRows, isPostgres, cancellationToken);
        var nextStatusId = await NextIdAsync(statusRows, isPostgres, cancellationToken);
        var nextFundingId = await NextIdAsync(fundingRows, isPostgres, cancellationToken);
        var nextSourceId = await NextIdAsync(sourceRows, isPostgres, cancellationToken);

        var today = Infrastructure.Time.ParisCalendar.Today(time);
        var factory = new DemoDossierFactory(request.Seed, communes, departementNames, regionNames, vendors, today, chosen?.Code);
        var sourceCounts = factory.SpreadSources(request.Dossiers, request.Sources);
        var now = time.GetUtcNow().UtcDateTime;
        int statusChanges = 0, fundings = 0, vendorLinks = 0, sources = 0;
        progress?.Invoke($"Génération de {Count(request.Dossiers)} dossiers fictifs et {Count(request.Sources)} sources (graine {request.Seed})…");
        for (var start = 0; start < request.Dossiers; start += ChunkSize)
        {
            var end = Math.Min(request.Dossiers, start + ChunkSize);
            var chunk = new List<Dossier>(end - start);
            for (var i = start; i < end; i++)
            {
                var commune = i < request.CommuneDossiers && chosen is not null ? chosen : factory.PickCommune();
                // Distinct creation times, oldest first, so that "recently added" has an order.
                var dossier = factory.Make(commune, sourceCounts[i], now.AddSeconds(i - request.Dossiers));
                dossier.Id = nextDossierId++;
                foreach (var change in dossier.StatusChanges)
                {
                    change.Id = nextStatusId++;
                    change.DossierId = dossier.Id;
                }
                foreach (var funding in dossier.Fundings)
                {
                    funding.Id = nextFundingId++;
                    funding.DossierId = dossier.Id;
                }
                foreach (var link in dossier.Vendors)
                {
                    link.DossierId = dossier.Id;
                }
                foreach (var source in dossier.Sources)
                {
                    source.Id = nextSourceId++;
                    source.DossierId = dossier.Id;
                }
                chunk.Add(dossier);
            }
            await WriteAsync(writer, dossierRows, chunk, cancellationToken);
            statusChanges += await WriteAsync(writer, statusRows, chunk.SelectMany(d => d.StatusChanges), cancellationToken);
            fundings += await WriteAsync(writer, fundingRows, chunk.SelectMany(d => d.Fundings), cancellationToken);
            vendorLinks += await WriteAsync(writer, vendorRows, chunk.SelectMany(d => d.Vendors), cancellationToken);
            sources += await WriteAsync(writer, sourceRows, chunk.SelectMany(d => d.Sources), cancellationToken);
            progress?.Invoke($"  {Count(end)} / {Count(request.Dossiers)} dossiers ({stopwatch.Elapsed.TotalSeconds.ToString("0.0", French)} s)");
        }

        if (isPostgres)
        {
            // Identity sequences continue after the ids given here.
            await SetSequenceAsync(writer, dossierRows, nextDossierId - 1, cancellationToken);
            await SetSequenceAsync(writer, statusRows, nextStatusId - 1, cancellationToken);
            await SetSequenceAsync(writer, fundingRows, nextFundingId - 1, cancellationToken);
            await SetSequenceAsync(writer, sourceRows, nextSourceId - 1, cancellationToken);
        }
        var summary = $"{request.Dossiers} dossiers fictifs, {request.Sources} sources, graine {request.Seed}{(request.Replace ? $", {removed} remplacés" : "")}";
        audit.Record(null, "demo.generate", "dossiers", summary);
        // Also a revision: the data version behind ETags and cached pages follows the last revision, so
        // that every running instance shows the new dossiers within seconds.
        db.Add(new Revision
        {
            EntityType = EntityType,
            EntityKey = "demo:generate",
            CreatedAt = time.GetUtcNow().UtcDateTime,
            Reason = "Génération de dossiers fictifs (demo generate)",
            After = JsonSerializer.Serialize(new { request.Dossiers, request.Sources, request.Seed, request.Replace, Removed = removed }),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        if (isPostgres)
        {
            // Fresh statistics, as autovacuum would make later: the first queries get good plans at once.
            var analyze = "ANALYZE " + string.Join(", ", dossierRows.Table, statusRows.Table, fundingRows.Table, vendorRows.Table, sourceRows.Table);
            await db.Database.ExecuteSqlRawAsync(analyze, cancellationToken);
        }

        // The bulk rows bypassed DossierService, which indexes one dossier at a time.
        await searchIndex.RebuildAsync(cancellationToken);

        await dossiers.PublishedAsync(cancellationToken);
        var report = new DemoReport(request.Dossiers, sources, statusChanges, fundings, vendorLinks, vendorsCreated, fictionalBefore, removed, stopwatch.Elapsed);
        logger.LogInformation(
            "Demo data: {Dossiers} fictional dossiers, {Sources} sources in {Milliseconds} ms",
            report.Dossiers, report.Sources, (int)report.Duration.TotalMilliseconds);
        return new DemoOutcome.Generated(report);
    }

    /// <summary>
    /// PostgreSQL takes the rows through COPY, several times faster than even multi-row INSERTs; SQLite,
    /// in-process, through the territory import's prepared statement.
    /// </summary>
    private async Task<int> WriteAsync<T>(BulkWriter writer, EntityRows<T> rows, IEnumerable<T> entities, CancellationToken cancellationToken) where T : class
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection postgres)
        {
            return await writer.InsertAsync(rows.Table, rows.Columns, entities.Select(rows.Row).ToList(), cancellationToken);
        }
        await using var import = await postgres.BeginBinaryImportAsync(
            $"COPY {rows.Table} ({string.Join(", ", rows.Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var entity in entities)
        {
            // The synchronous calls only fill Npgsql's buffer; it is sent when full.
            import.StartRow();
            foreach (var value in rows.Row(entity))
            {
                if (value is null)
                {
                    import.WriteNull();
                }
                else
                {
                    import.Write(value);
                }
            }
        }
        return (int)await import.CompleteAsync(cancellationToken);
    }

    /// <summary>Fictional dossiers and everything attached to them; real dossiers are never touched.</summary>
    private async Task<int> RemoveFictionalAsync(CancellationToken cancellationToken)
    {
        var fictional = db.Set<Dossier>().Where(d => d.IsFictional).Select(d => d.Id);
        var fictionalSources = db.Set<Source>().Where(s => fictional.Contains(s.DossierId)).Select(s => s.Id);
        await db.Set<Report>()
            .Where(r => (r.TargetKind == ReportTargetKind.Dossier && fictional.Contains(r.TargetId))
                || (r.TargetKind == ReportTargetKind.Source && fictionalSources.Contains(r.TargetId)))
            .ExecuteDeleteAsync(cancellationToken);
        await db.Set<Source>().Where(s => fictional.Contains(s.DossierId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<DossierStatusChange>().Where(s => fictional.Contains(s.DossierId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<DossierFunding>().Where(f => fictional.Contains(f.DossierId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<DossierVendor>().Where(v => fictional.Contains(v.DossierId)).ExecuteDeleteAsync(cancellationToken);
        return await db.Set<Dossier>().Where(d => d.IsFictional).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The fictional vendors, created on the first run and reused by later ones.</summary>
    private async Task<(List<DemoVendor> Vendors, int Created)> EnsureVendorsAsync(CancellationToken cancellationToken)
    {
        var existing = await db.Set<Vendor>().AsNoTracking()
            .Select(v => new { v.Id, v.Slug, v.MatchName, v.IsFictional })
            .ToListAsync(cancellationToken);
        var byMatchName = existing.ToDictionary(v => v.MatchName);
        var slugs = existing.Select(v => v.Slug).ToHashSet();
        var now = time.GetUtcNow().UtcDateTime;
        var created = new List<(Vendor Vendor, string[] Products)>();
        var vendors = new List<DemoVendor>();
        foreach (var (name, products) in DemoTexts.Vendors())
        {
            var matchName = VendorDirectory.MatchNameOf(name);
            if (byMatchName.TryGetValue(matchName, out var found))
            {
                // A real vendor of that very name is left alone: no fictional dossier points to it.
                if (found.IsFictional)
                {
                    vendors.Add(new DemoVendor(found.Id, name, products));
                }
                continue;
            }
            var slug = Contrevue.Infrastructure.Text.SearchText.Slug(name);
            for (var n = 2; !slugs.Add(slug); n++)
            {
                slug = $"{Contrevue.Infrastructure.Text.SearchText.Slug(name)}-{n}";
            }
            var vendor = new Vendor
            {
                Name = name,
                MatchName = matchName,
                Slug = slug,
                Country = "France",
                Website = $"{DemoTexts.UrlRoot}/fournisseurs/{slug}",
                Products = string.Join('\n', products),
                Description = "Entreprise fictive, générée pour démonstration.",
                IsFictional = true,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Add(vendor);
            created.Add((vendor, products));
        }
        await db.SaveChangesAsync(cancellationToken);
        vendors.AddRange(created.Select(c => new DemoVendor(c.Vendor.Id, c.Vendor.Name, c.Products)));
        // Same order whatever was created now or before, so that a seed picks the same vendors.
        return (vendors.OrderBy(v => v.Name, StringComparer.Ordinal).ToList(), created.Count);
    }

    /// <summary>The first id never used in the table: above its rows and above what its sequence ever gave.</summary>
    private async Task<int> NextIdAsync<T>(EntityRows<T> rows, bool isPostgres, CancellationToken cancellationToken) where T : class
    {
        var table = rows.Table;
        var used = isPostgres
            ? $"SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('{table}', 'Id')::regclass), 0)"
            : $"SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{rows.TableName}'), 0)";
        var sql = $"SELECT MAX(v) FROM (SELECT COALESCE(MAX(\"Id\"), 0) AS v FROM {table} UNION ALL {used}) AS ids";
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture) + 1;
    }

    private static async Task SetSequenceAsync<T>(BulkWriter writer, EntityRows<T> rows, int lastId, CancellationToken cancellationToken) where T : class
    {
        if (lastId > 0)
        {
            await writer.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{rows.Table}', 'Id'), {lastId})", cancellationToken);
        }
    }

    private static string Count(int value) => value.ToString("N0", French);
}
