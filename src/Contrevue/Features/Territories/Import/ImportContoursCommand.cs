using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.Territories.Import;

/// <summary><c>Contrevue import contours FICHIER</c>: communes' outlines (geo.api.gouv.fr or ADMIN EXPRESS GeoJSON), and centres inside them.</summary>
public sealed class ImportContoursCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["import", "contours"];

    public int Order => 11;

    public string Usage =>
        "  Contrevue import contours FICHIER           importe les contours des communes (GeoJSON geo.api.gouv.fr ou ADMIN EXPRESS)\n";

    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='))
            ?? throw new CliUsageException("import contours attend un fichier GeoJSON des communes (geo.api.gouv.fr ?format=geojson&geometry=contour).");
        await using var app = buildHost(args.Where(a => a != file));
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var importer = ActivatorUtilities.CreateInstance<ContourImporter>(scope.ServiceProvider);
        try
        {
            var report = await importer.ImportFileAsync(file, CancellationToken.None);
            Console.WriteLine($"Contours importés : {report.Contours} communes (centre pris dans le contour)");
            Console.WriteLine($"  codes inconnus : {report.UnknownCommunes}, géométries illisibles : {report.Unreadable}");
            return 0;
        }
        catch (TerritoryImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
    }
}
