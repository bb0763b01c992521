using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Places;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Features.Osm.Import;

public sealed record OsmImportReport(
    OsmExportFormat Format, string AreaKey, DateTime ExportedAt, bool ExportDated, int Added, int Updated, int Unchanged, int Removed,
    int Ignored, int Placed, int PlacedApproximately, TimeSpan Duration);

/// <summary>
/// Loads an OpenStreetMap export of surveillance nodes. Idempotent by node id and version (an export without
/// versions compares tags and coordinates); with an area, the nodes of that area absent from a newer export
/// are removed, and an export older than the last one of that area is refused. One transaction.
/// </summary>
public sealed class OsmImporter(ContrevueDbContext db, TimeProvider time, ILogger<OsmImporter> logger, TerritoryDataVersion? dataVersion = null)
{
    /// <summary>France's whole surveillance data is a few tens of megabytes; anything far larger is no such export.</summary>
    public const long DefaultMaxBytes = 1L << 30;
    private const int BatchSize = 2000;
    private const long PostgresImportLockKey = 0x4f534d696d706f72; // "OSMimpor"

    private static readonly string[] Columns =
    [
        "node_id", "version", "latitude", "longitude", "surveillance", "surveillance_type", "zone", "camera_type", "camera_mount",
        "camera_direction", "operator", "start_date", "tags_json", "commune_code", "departement_code", "placement_approximate",
        "area_key", "exported_at", "imported_at",
    ];

    public async Task<OsmImportReport> ImportFileAsync(string path, OsmArea area, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new OsmImportException($"Fichier introuvable : {path}");
        }
        if (file.Length > maxBytes)
        {
            throw new OsmImportException($"Fichier trop gros ({file.Length / 1_000_000:N0} Mo, au plus {maxBytes / 1_000_000:N0} Mo).");
        }
        if (file.Length == 0)
        {
            throw new OsmImportException("Fichier vide.");
        }
        string hash;
        await using (var hashed = file.OpenRead())
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashed, cancellationToken));
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        return await ImportAsync(stream, hash, area, cancellationToken);
    }

    public async Task<OsmImportReport> ImportAsync(Stream stream, string sourceHash, OsmArea area, CancellationToken cancellationToken)
    {
        try
        {
            return await ImportStreamAsync(stream, sourceHash, area, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            throw new OsmImportException(exception.Message);
        }
    }

    private async Task<OsmImportReport> ImportStreamAsync(Stream stream, string sourceHash, OsmArea area, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var now = time.GetUtcNow().UtcDateTime;
        var format = await OsmExportReader.DetectAsync(stream, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var isPostgres = db.ProviderOf() == DatabaseProvider.Postgres;
        var writer = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), multiRowStatements: isPostgres);
        if (isPostgres)
        {
            await writer.ExecuteAsync($"SELECT pg_advisory_xact_lock({PostgresImportLockKey})", cancellationToken);
        }

        var lastExport = area.Kind == OsmAreaKind.Unspecified
            ? (DateTime?)null
            : await db.Set<OsmImport>().Where(i => i.AreaKey == area.Key).MaxAsync(i => (DateTime?)i.ExportedAt, cancellationToken);
        var existing = await db.Set<OsmCamera>().AsNoTracking()
            .Select(c => new { c.NodeId, c.Version, c.Latitude, c.Longitude, c.TagsJson })
            .ToDictionaryAsync(c => c.NodeId, c => new Known(c.Version, c.Latitude, c.Longitude, c.TagsJson), cancellationToken);
        var locator = await CommuneLocator.LoadAsync(db, cancellationToken);

        DateTime? exportedAt = null;
        var seen = new HashSet<long>();
        var pending = new List<(OsmNode Node, string TagsJson)>();
        var unchangedIds = new List<long>();
        int added = 0, updated = 0, unchanged = 0, ignored = 0, placed = 0, approximate = 0;

        async Task FlushAsync(DateTime stamp)
        {
            var rows = new List<object?[]>(pending.Count);
            foreach (var (node, tagsJson) in pending)
            {
                var placement = await locator.LocateAsync(node.Latitude, node.Longitude, DepartementHint(area), cancellationToken);
                if (placement is not null)
                {
                    placed++;
                    approximate += placement.Approximate ? 1 : 0;
                }
                rows.Add(Row(node, tagsJson, placement, area.Key, stamp, now));
            }
            await writer.UpsertAsync("osm_cameras", Columns, ["node_id"], rows, cancellationToken);
            pending.Clear();
            await TouchAsync(unchangedIds, area.Key, stamp, cancellationToken);
            unchangedIds.Clear();
        }

        await foreach (var item in OsmExportReader.ReadAsync(stream, format, cancellationToken))
        {
            if (item.ExportedAt is { } stamp)
            {
                exportedAt = stamp;
                Refuse(area, stamp, lastExport);
                continue;
            }
            if (item.Node is not { IsSurveillance: true } node)
            {
                ignored++;
                continue;
            }
            if (!seen.Add(node.Id))
            {
                continue;
            }
            var tagsJson = TagsJson(node.Tags);
            if (!existing.TryGetValue(node.Id, out var known))
            {
                added++;
                pending.Add((node, tagsJson));
            }
            else if (IsNewer(node, tagsJson, known))
            {
                updated++;
                pending.Add((node, tagsJson));
            }
            else
            {
                unchanged++;
                unchangedIds.Add(node.Id);
            }
            // Rows carry the export's date: until it is known (it heads every export we know), they wait.
            if (exportedAt is { } stampSoFar && pending.Count + unchangedIds.Count >= BatchSize)
            {
                await FlushAsync(stampSoFar);
            }
        }

        var exportDated = exportedAt is not null;
        var exportStamp = exportedAt ?? now;
        Refuse(area, exportStamp, lastExport);
        await FlushAsync(exportStamp);

        var removed = area.Kind == OsmAreaKind.Unspecified ? 0 : await RemoveAbsentAsync(area, seen, exportStamp, cancellationToken);

        db.Set<OsmImport>().Add(new OsmImport
        {
            AreaKey = area.Key,
            Format = format.ToString(),
            SourceHash = sourceHash,
            ExportedAt = exportStamp,
            ImportedAt = now,
            Added = added,
            Updated = updated,
            Unchanged = unchanged,
            Removed = removed,
            Ignored = ignored,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        dataVersion?.Invalidate();

        var report = new OsmImportReport(format, area.Key, exportStamp, exportDated, added, updated, unchanged, removed, ignored, placed, approximate, stopwatch.Elapsed);
        logger.LogInformation(
            "OSM import ({Area}): {Added} added, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Ignored} ignored in {Milliseconds} ms",
            area.Key, added, updated, unchanged, removed, ignored, (int)report.Duration.TotalMilliseconds);
        return report;
    }

    /// <summary>A node's data replaces ours when its version is higher; without versions, when its tags or position differ.</summary>
    private static bool IsNewer(OsmNode node, string tagsJson, Known known) =>
        node.Version > known.Version ||
        (node.Version == known.Version && node.Version == 0 &&
            (tagsJson != known.TagsJson || node.Latitude != known.Latitude || node.Longitude != known.Longitude));

    private static void Refuse(OsmArea area, DateTime exportedAt, DateTime? lastExport)
    {
        if (lastExport is { } last && exportedAt < last)
        {
            throw new OsmImportException(
                $"Cet export date du {exportedAt:dd/MM/yyyy HH:mm} UTC : il est plus ancien que le dernier importé pour la zone {area.Key} " +
                $"({last:dd/MM/yyyy HH:mm} UTC). Refusé, pour ne pas revenir en arrière ; téléchargez un export récent.");
        }
    }

    private static string? DepartementHint(OsmArea area) => area.Kind == OsmAreaKind.Departement ? area.Code : null;

    /// <summary>Nodes still carried by this export keep their data but take its date and area.</summary>
    private async Task TouchAsync(List<long> ids, string areaKey, DateTime exportedAt, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(1000))
        {
            await db.Set<OsmCamera>().Where(c => chunk.Contains(c.NodeId) && c.ExportedAt <= exportedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExportedAt, exportedAt).SetProperty(c => c.AreaKey, areaKey), cancellationToken);
        }
    }

    /// <summary>Nodes placed in the area, last seen in an older export, and absent from this one: deleted from OSM since.</summary>
    private async Task<int> RemoveAbsentAsync(OsmArea area, HashSet<long> seen, DateTime exportedAt, CancellationToken cancellationToken)
    {
        var inArea = db.Set<OsmCamera>().Where(c => c.AreaKey != OsmCameraAreas.Demo && c.ExportedAt < exportedAt);
        inArea = area.Kind switch
        {
            OsmAreaKind.Commune => inArea.Where(c => c.CommuneCode == area.Code),
            OsmAreaKind.Departement => inArea.Where(c => c.DepartementCode == area.Code),
            _ => inArea,
        };
        var absent = (await inArea.Select(c => c.NodeId).ToListAsync(cancellationToken)).Where(id => !seen.Contains(id)).ToList();
        var removed = 0;
        foreach (var chunk in absent.Chunk(1000))
        {
            removed += await db.Set<OsmCamera>().Where(c => chunk.Contains(c.NodeId)).ExecuteDeleteAsync(cancellationToken);
        }
        return removed;
    }

    internal static object?[] Row(OsmNode node, string tagsJson, CommunePlacement? placement, string areaKey, DateTime exportedAt, DateTime importedAt)
    {
        string? Tag(string key, int max = 100)
        {
            if (!node.Tags.TryGetValue(key, out var value) || value.Length <= max)
            {
                return value;
            }
            // Never half a character: a lone surrogate is refused by PostgreSQL (and is no text).
            return value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];
        }
        return
        [
            node.Id, node.Version, node.Latitude, node.Longitude, Tag("surveillance"), Tag("surveillance:type"), Tag("surveillance:zone"),
            Tag("camera:type"), Tag("camera:mount"), Tag("camera:direction"), Tag("operator", 255), Tag("start_date"), tagsJson,
            placement?.CommuneCode, placement?.DepartementCode, placement?.Approximate ?? false, areaKey, exportedAt, importedAt,
        ];
    }

    internal static IReadOnlyList<string> ColumnNames => Columns;

    /// <summary>Tags in key order, so that the same tags always give the same text.</summary>
    internal static string TagsJson(IReadOnlyDictionary<string, string> tags) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(tags.ToDictionary(), StringComparer.Ordinal));

    private sealed record Known(int Version, double Latitude, double Longitude, string TagsJson);
}

/// <summary>Area keys with a meaning of their own.</summary>
public static class OsmCameraAreas
{
    /// <summary>Fictitious cameras of <c>demo cameras</c>: never OSM's, never removed by an import.</summary>
    public const string Demo = "demo";
}
