using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.Contacts.Import;

/// <summary><c>Contrevue import annuaire FICHIER</c>: mairies' addresses, e-mails and websites from the DILA's annuaire.</summary>
public sealed class ImportAnnuaireCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["import", "annuaire"];

    public int Order => 12;

    public string Usage =>
        "  Contrevue import annuaire FICHIER           importe l'adresse, l'e-mail et le site des mairies (export JSON\n" +
        "                                              de l'Annuaire de l'administration, DILA)\n";

    public Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost) =>
        ContactImportRun.RunAsync(args, "import annuaire", "le chemin de l'export JSON de l'Annuaire de l'administration", buildHost,
            AnnuaireFile.ReadAsync, (importer, file, cancellationToken) => importer.ImportAsync(file, cancellationToken));
}

/// <summary><c>Contrevue import elus FICHIER</c>: mayors' names from the Répertoire national des élus.</summary>
public sealed class ImportElusCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["import", "elus"];

    public int Order => 13;

    public string Usage =>
        "  Contrevue import elus FICHIER               importe le nom des maires (elus-maires.csv du Répertoire\n" +
        "                                              national des élus)\n";

    public Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost) =>
        ContactImportRun.RunAsync(args, "import elus", "le chemin du fichier des maires (CSV)", buildHost,
            ElusFile.ReadAsync, (importer, file, cancellationToken) => importer.ImportAsync(file, cancellationToken));
}

internal static class ContactImportRun
{
    /// <summary>The file is read whole before the database is touched: an unreadable file changes nothing and exits with 1.</summary>
    public static async Task<int> RunAsync<TFile>(
        string[] args, string command, string expected, Func<IEnumerable<string>, WebApplication> buildHost,
        Func<string, CancellationToken, Task<TFile>> read, Func<ContactImporter, TFile, CancellationToken, Task<ContactImportReport>> import)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CliUsageException($"{command} attend {expected}.");
        }
        var path = args[0];
        try
        {
            var file = await read(path, CancellationToken.None);
            await using var app = buildHost(args[1..]);
            // Communes are looked up by code: the territories must be there, as on the site's first start.
            await app.PrepareDatabaseAsync();
            await using var scope = app.Services.CreateAsyncScope();
            var report = await import(scope.ServiceProvider.GetRequiredService<ContactImporter>(), file, CancellationToken.None);
            report.WriteTo(Console.Out, path);
            return 0;
        }
        catch (ContactImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Import impossible : fichier illisible ({exception.Message}).");
            return 1;
        }
    }
}
