using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.Observatoire.Vendors;

public sealed class ImportVendorGraphCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["import", "vendor-graph"];

    public int Order => 20;

    public string Usage =>
        "  Contrevue import vendor-graph FICHIER       importe les relations entre fournisseurs (CSV Technopolice EDGE;NŒUD1;NŒUD2;LIEN;SOURCE)\n";

    /// <summary>
    /// Imports the Technopolice vendor-relations CSV. The file is read before the database is touched,
    /// so a missing or unreadable file changes nothing. Lines left for review do not make it fail.
    /// </summary>
    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CliUsageException("import vendor-graph attend le chemin du fichier CSV.");
        }
        var path = args[0];
        try
        {
            return await ImportAsync(path, args[1..], buildHost);
        }
        catch (VendorGraphImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> ImportAsync(string path, string[] hostArgs, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        var file = await VendorGraphFile.ReadAsync(path, CancellationToken.None);

        await using var app = buildHost(hostArgs);
        // Communes are matched by name: the territories must be there, as on the site's first start.
        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<VendorGraphImporter>().ImportAsync(file, CancellationToken.None);
        // Running sites on PostgreSQL hear it and drop their cached vendor pages; on SQLite they expire within 10 minutes.
        await scope.ServiceProvider.GetRequiredService<Infrastructure.Caching.CacheInvalidation>().EvictAsync([ObservatoireCache.ListsTag], CancellationToken.None);
        if (report.HeaderMissing)
        {
            await Console.Error.WriteLineAsync($"Attention : pas de ligne d'en-tête {VendorGraphFile.HeaderPrefix}… ; le fichier est lu quand même.");
        }
        report.WriteTo(Console.Out, path);
        return 0;
    }
}
