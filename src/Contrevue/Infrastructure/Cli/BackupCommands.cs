using Contrevue.Infrastructure.Backup;

namespace Contrevue.Infrastructure.Cli;

/// <summary>
/// <c>backup create FILE</c> and <c>backup restore FILE</c>. The passphrase comes from a file or the
/// environment, never from the command line, where <c>ps</c> shows it to every user of the machine.
/// </summary>
internal static class BackupCommands
{
    public const string PassphraseVariable = "CONTREVUE_BACKUP_PASSPHRASE";

    public static async Task<int> CreateAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        var (file, passphrase, force, rest) = Parse(args, "backup create");
        await using var app = buildHost(rest);
        var service = new BackupService(app.Services, app.Configuration, TimeProvider.System);
        try
        {
            var result = await service.CreateAsync(file, passphrase, force, CancellationToken.None);
            var rows = result.Manifest.Tables.Sum(t => t.Rows);
            Console.WriteLine($"Sauvegarde écrite : {Path.GetFullPath(file)} ({result.Bytes:N0} octets, {result.Manifest.Tables.Count} tables, {rows:N0} lignes, schéma {result.Manifest.Migration}).");
            foreach (var table in result.Manifest.Tables.Where(t => t.Rows > 0))
            {
                Console.WriteLine($"  {table.Table} : {table.Rows:N0}");
            }
            if (!result.Encrypted)
            {
                await Console.Error.WriteLineAsync(
                    "Attention : sauvegarde NON chiffrée. Elle contient les adresses des contributeurs, les comptes et les clés " +
                    "qui signent les sessions : quiconque la lit peut se connecter au site sous n'importe quel compte. " +
                    $"Chiffrez-la (--passphrase-file FICHIER ou {PassphraseVariable}) ou gardez-la comme un secret.");
            }
            return 0;
        }
        catch (BackupException exception)
        {
            await Console.Error.WriteLineAsync($"Sauvegarde impossible : {exception.Message}");
            return 1;
        }
    }

    public static async Task<int> RestoreAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        var (file, passphrase, force, rest) = Parse(args, "backup restore");
        await using var app = buildHost(rest);
        var service = new BackupService(app.Services, app.Configuration, TimeProvider.System);
        try
        {
            var (manifest, counts) = await service.RestoreAsync(file, passphrase, force, CancellationToken.None);
            Console.WriteLine($"Sauvegarde du {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC (Contrevue {manifest.AppVersion}, {manifest.SourceProvider}) restaurée : {counts.Values.Sum():N0} lignes dans {counts.Count} tables, index de recherche reconstruit.");
            return 0;
        }
        catch (BackupException exception)
        {
            await Console.Error.WriteLineAsync($"Restauration impossible : {exception.Message}");
            return 1;
        }
    }

    private static (string File, string? Passphrase, bool Force, List<string> HostArgs) Parse(string[] args, string command)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CliUsageException($"{command} attend le chemin du fichier de sauvegarde.");
        }
        string? passphraseFile = null;
        var force = false;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--passphrase-file" when i + 1 < args.Length:
                    passphraseFile = args[++i];
                    break;
                case "--passphrase-file":
                    throw new CliUsageException("--passphrase-file attend un fichier.");
                case "--passphrase":
                    throw new CliUsageException(
                        $"La phrase de passe ne se donne pas sur la ligne de commande (ps la montre à tous) : --passphrase-file FICHIER ou la variable {PassphraseVariable}.");
                case "--force":
                    force = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        string? passphrase;
        if (passphraseFile is not null)
        {
            if (!File.Exists(passphraseFile))
            {
                throw new CliUsageException($"Fichier de phrase de passe introuvable : {passphraseFile}");
            }
            passphrase = File.ReadAllText(passphraseFile).TrimEnd('\r', '\n');
        }
        else
        {
            passphrase = Environment.GetEnvironmentVariable(PassphraseVariable);
        }
        if (passphrase is { Length: 0 })
        {
            throw new CliUsageException("La phrase de passe est vide.");
        }
        return (args[0], passphrase, force, rest);
    }
}
