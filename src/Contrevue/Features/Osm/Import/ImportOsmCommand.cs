using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.Osm.Import;

/// <summary><c>Contrevue import osm FICHIER [--area commune:CODE|departement:CODE|france]</c>: loads an OpenStreetMap export of cameras.</summary>
public sealed class ImportOsmCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["import", "osm"];

    public int Order => 14;

    public string Usage =>
        "  Contrevue import osm FICHIER [--area commune:CODE|departement:CODE|france]\n" +
        "                                              importe les caméras d'un export OpenStreetMap (JSON Overpass, XML OSM, GeoJSON)\n";

    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        string? file = null;
        var area = OsmArea.Unspecified;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--area" when i + 1 < args.Length:
                    area = OsmArea.Parse(args[++i])
                        ?? throw new CliUsageException($"--area : zone inconnue « {args[i]} » (commune:42218, departement:42 ou france).");
                    break;
                case "--area":
                    throw new CliUsageException("--area attend une zone : commune:42218, departement:42 ou france.");
                case var word when file is null && !word.StartsWith('-') && !word.Contains('='):
                    file = word;
                    break;
                default:
                    hostArgs.Add(args[i]);
                    break;
            }
        }
        if (file is null)
        {
            throw new CliUsageException("import osm attend le fichier exporté (overpass-turbo, API Overpass).");
        }

        await using var app = buildHost(hostArgs);
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<OsmImporter>();
        try
        {
            var report = await importer.ImportFileAsync(file, area, OsmImporter.DefaultMaxBytes, CancellationToken.None);
            Console.WriteLine($"Import OpenStreetMap terminé en {report.Duration.TotalSeconds:0.00} s ({report.Format}, zone {report.AreaKey})");
            Console.WriteLine(report.ExportDated
                ? $"  export du {report.ExportedAt:yyyy-MM-dd HH:mm:ss} UTC"
                : "  export sans date : l'heure de l'import en tient lieu");
            Console.WriteLine($"  caméras ajoutées : {report.Added}, mises à jour : {report.Updated}, inchangées : {report.Unchanged}, retirées : {report.Removed}");
            Console.WriteLine($"  éléments ignorés (chemins, relations, nœuds sans man_made=surveillance) : {report.Ignored}");
            Console.WriteLine($"  placées dans une commune : {report.Placed} (dont {report.PlacedApproximately} par le centre le plus proche)");
            return 0;
        }
        catch (OsmImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
    }
}
