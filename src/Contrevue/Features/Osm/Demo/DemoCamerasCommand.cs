using System.Diagnostics;
using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Osm.Import;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Places;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Features.Osm.Demo;

/// <summary>
/// <c>Contrevue demo cameras --cameras N [--seed S]</c>: N fictitious cameras near communes' centres, placed in
/// their communes, area <c>demo</c> (never removed by an OSM import, never exported as OSM's), for the map's bench.
/// Running it again replaces the previous demo cameras.
/// </summary>
public sealed class DemoCamerasCommand : ICliCommand
{
    /// <summary>Demo node ids start here, far above OpenStreetMap's (about 1.3 × 10¹⁰ in 2026).</summary>
    public const long FirstNodeId = 900_000_000_000;
    public const int MaxCameras = 1_000_000;

    public IReadOnlyList<string> Words { get; } = ["demo", "cameras"];

    public int Order => 61;

    public string Usage =>
        "  Contrevue demo cameras --cameras N [--seed S]\n" +
        "                                              crée N caméras fictives près des centres des communes (banc d'essai de la carte)\n";

    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        int? count = null;
        var seed = 18;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--cameras" when i + 1 < args.Length:
                    count = int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxCameras
                        ? n
                        : throw new CliUsageException($"--cameras attend un nombre entre 1 et {MaxCameras}.");
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.TryParse(args[++i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
                        ? s
                        : throw new CliUsageException("--seed attend un nombre entier.");
                    break;
                default:
                    hostArgs.Add(args[i]);
                    break;
            }
        }
        if (count is null)
        {
            throw new CliUsageException("demo cameras attend --cameras N.");
        }

        await using var app = buildHost(hostArgs);
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var stopwatch = Stopwatch.StartNew();
        var written = await GenerateAsync(db, scope.ServiceProvider.GetRequiredService<TerritoryQueries>(), count.Value, seed, TimeProvider.System, CancellationToken.None);
        if (written == 0)
        {
            await Console.Error.WriteLineAsync("Aucune commune n'a de centre : importez d'abord les territoires (import territories).");
            return 1;
        }
        scope.ServiceProvider.GetService<TerritoryDataVersion>()?.Invalidate();
        Console.WriteLine($"{written} caméras fictives créées en {stopwatch.Elapsed.TotalSeconds:0.0} s (zone « demo »).");
        return 0;
    }

    public static async Task<int> GenerateAsync(ContrevueDbContext db, TerritoryQueries territories, int count, int seed, TimeProvider time, CancellationToken cancellationToken)
    {
        var centres = (await territories.CommuneCentresAsync(cancellationToken)).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        if (centres.Count == 0)
        {
            return 0;
        }
        var locator = await CommuneLocator.LoadAsync(db, cancellationToken);
        var random = new Random(seed);
        var now = time.GetUtcNow().UtcDateTime;
        string[] kinds = ["camera", "camera", "camera", "camera", "ALPR"];
        string[] cameraTypes = ["fixed", "dome", "panning"];
        string[] placements = ["public", "public", "outdoor", "indoor"];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<OsmCamera>().Where(c => c.AreaKey == OsmCameraAreas.Demo).ExecuteDeleteAsync(cancellationToken);
        var writer = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), multiRowStatements: db.ProviderOf() == DatabaseProvider.Postgres);
        var rows = new List<object?[]>(5000);
        for (var i = 0; i < count; i++)
        {
            var (_, centre) = centres[random.Next(centres.Count)];
            // Within about a kilometre of the centre.
            var latitude = Math.Round(centre.Latitude + (random.NextDouble() - 0.5) * 0.02, 7);
            var longitude = Math.Round(centre.Longitude + (random.NextDouble() - 0.5) * 0.03, 7);
            var tags = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["man_made"] = "surveillance",
                ["surveillance"] = placements[random.Next(placements.Length)],
                ["surveillance:type"] = kinds[random.Next(kinds.Length)],
                ["camera:type"] = cameraTypes[random.Next(cameraTypes.Length)],
                ["note"] = "Caméra fictive (démonstration Contrevue)",
            };
            var node = new OsmNode(FirstNodeId + i, 1, latitude, longitude, tags);
            var placement = await locator.LocateAsync(latitude, longitude, centre.DepartementCode, cancellationToken);
            rows.Add(OsmImporter.Row(node, OsmImporter.TagsJson(tags), placement, OsmCameraAreas.Demo, now, now));
            if (rows.Count == rows.Capacity)
            {
                await writer.InsertAsync("osm_cameras", [.. OsmImporter.ColumnNames], rows, cancellationToken);
                rows.Clear();
            }
        }
        await writer.InsertAsync("osm_cameras", [.. OsmImporter.ColumnNames], rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }
}
