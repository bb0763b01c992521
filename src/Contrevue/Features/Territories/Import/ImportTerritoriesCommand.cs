using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.Territories.Import;

/// <summary><c>Contrevue import territories [--from DIR] [--force]</c>: loads the administrative map (the bundled one by default).</summary>
public sealed class ImportTerritoriesCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["import", "territories"];

    public int Order => 10;

    public string Usage =>
        "  Contrevue import territories [--from DOSSIER] [--force]\n" +
        "                                              importe le découpage administratif (par défaut celui fourni)\n";

    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        string? folder = null;
        var force = false;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Length:
                    folder = args[++i];
                    break;
                case "--from":
                    throw new CliUsageException("--from attend un dossier.");
                case "--force":
                    force = true;
                    break;
                default:
                    hostArgs.Add(args[i]);
                    break;
            }
        }

        try
        {
            return await ImportAsync(folder, force, hostArgs, buildHost);
        }
        catch (TerritoryImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> ImportAsync(string? folder, bool force, List<string> hostArgs, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        await using var app = buildHost(hostArgs);
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<TerritoryImporter>();
        var source = await TerritorySource.ReadAsync(folder ?? TerritorySource.BundledFolder, CancellationToken.None);
        var origin = folder is null ? TerritoryImportOrigin.Bundled : TerritoryImportOrigin.Directory;
        var report = await importer.ImportAsync(source, origin, force, CancellationToken.None);
        if (report.Skipped)
        {
            Console.WriteLine($"Déjà importé (empreinte {report.SourceHash[..12]}) : rien à faire. --force pour réimporter.");
            return 0;
        }
        Console.WriteLine($"Import terminé en {report.Duration.TotalSeconds:0.00} s depuis {source.Folder}");
        Console.WriteLine($"  régions : {report.Regions}, départements : {report.Departements}, EPCI : {report.Epcis}");
        Console.WriteLine($"  communes : {report.Communes}, arrondissements municipaux : {report.MunicipalArrondissements}");
        Console.WriteLine($"  alias (codes anciens, communes déléguées et associées) : {report.Aliases}, codes postaux : {report.PostalCodes}");
        Console.WriteLine($"  territoires retirés : {report.Removed}");
        Console.WriteLine($"  centres de communes (GeoNames) : {report.Centres}");
        return 0;
    }
}
