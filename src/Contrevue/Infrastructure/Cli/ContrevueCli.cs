using Contrevue.Data;
using Contrevue.Features.Observatoire.Vendors;
using Contrevue.Features.Observatoire.Demo;
using Contrevue.Features.Territories.Import;
using Contrevue.Infrastructure.Mail;

namespace Contrevue.Infrastructure.Cli;

/// <summary>
/// The operator's commands, run by the same executable as the web app:
/// <c>Contrevue import territories [--from DIR] [--force]</c>, <c>Contrevue import vendor-graph FILE</c>, <c>Contrevue migrate</c>,
/// <c>Contrevue mail test --to ADDRESS</c>, <c>Contrevue demo generate --dossiers N</c>,
/// <c>Contrevue backup create|restore FILE</c>.
/// Configuration (database provider, connection string) is read exactly as the web app reads it.
/// </summary>
public static class ContrevueCli
{
    private static readonly string[] Commands = ["import", "migrate", "admin", "token", "mail", "demo", "backup", "help", "--help", "-h"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args switch
            {
                ["import", "territories", .. var rest] => await ImportTerritoriesAsync(rest),
                ["import", "vendor-graph", .. var rest] => await ImportVendorGraphAsync(rest),
                ["demo", "generate", .. var rest] => await DemoCommand.GenerateAsync(rest, BuildHost),
                ["migrate", .. var rest] => await MigrateAsync(rest),
                ["admin", "create", .. var rest] => await AccountCommands.CreateAdminAsync(rest, BuildHost),
                ["token", "create", .. var rest] => await AccountCommands.CreateTokenAsync(rest, BuildHost),
                ["mail", "test", .. var rest] => await MailTestAsync(rest),
                ["backup", "create", .. var rest] => await BackupCommands.CreateAsync(rest, BuildHost),
                ["backup", "restore", .. var rest] => await BackupCommands.RestoreAsync(rest, BuildHost),
                _ => Usage(args is ["help" or "--help" or "-h", ..] ? 0 : 2),
            };
        }
        catch (TerritoryImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
        catch (VendorGraphImportException exception)
        {
            await Console.Error.WriteLineAsync($"Import impossible : {exception.Message}");
            return 1;
        }
        catch (CliUsageException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return Usage(2);
        }
    }

    private static async Task<int> ImportTerritoriesAsync(string[] args)
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

        await using var app = BuildHost(hostArgs);
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
        return 0;
    }

    /// <summary>
    /// Imports the Technopolice vendor-relations CSV. The file is read before the database is touched,
    /// so a missing or unreadable file changes nothing. Lines left for review do not make it fail.
    /// </summary>
    private static async Task<int> ImportVendorGraphAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new CliUsageException("import vendor-graph attend le chemin du fichier CSV.");
        }
        var path = args[0];
        var file = await VendorGraphFile.ReadAsync(path, CancellationToken.None);

        await using var app = BuildHost(args[1..]);
        // Communes are matched by name: the territories must be there, as on the site's first start.
        await app.PrepareDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<VendorGraphImporter>().ImportAsync(file, CancellationToken.None);
        if (report.HeaderMissing)
        {
            await Console.Error.WriteLineAsync($"Attention : pas de ligne d'en-tête {VendorGraphFile.HeaderPrefix}… ; le fichier est lu quand même.");
        }
        report.WriteTo(Console.Out, path);
        return 0;
    }

    private static async Task<int> MigrateAsync(string[] args)
    {
        await using var app = BuildHost(args);
        await app.MigrateDatabaseAsync();
        Console.WriteLine("Base de données à jour.");
        return 0;
    }

    /// <summary>
    /// Sends the configuration test message through the outbox, right away, and tells what the SMTP
    /// server answered: the operator's way to check the Mail settings.
    /// </summary>
    private static async Task<int> MailTestAsync(string[] args)
    {
        string? recipient = null;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--to")
            {
                recipient = i + 1 < args.Length ? args[++i] : throw new CliUsageException("--to attend une adresse électronique.");
            }
            else
            {
                hostArgs.Add(args[i]);
            }
        }
        if (recipient is null)
        {
            throw new CliUsageException("mail test attend --to ADRESSE.");
        }

        await using var app = BuildHost(hostArgs);
        var settings = app.Services.GetRequiredService<MailSettings>();
        if (!settings.IsConfigured)
        {
            await Console.Error.WriteLineAsync(
                "L'envoi des courriels n'est pas configuré (Mail:Host et Mail:From) : rien n'est envoyé.");
            return 1;
        }
        await app.MigrateDatabaseAsync();

        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<IMailOutbox>();
            var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
            OutboxMessage message;
            try
            {
                message = outbox.Enqueue(recipient, MailTemplates.ConfigurationTest(now, settings.Host!));
            }
            catch (ArgumentException exception)
            {
                throw new CliUsageException(exception.Message);
            }
            await db.SaveChangesAsync();
            id = message.Id;
        }

        var result = await app.Services.GetRequiredService<MailDelivery>().DeliverNowAsync(id);
        switch (result.Status)
        {
            case OutboxStatus.Sent:
                Console.WriteLine($"Message de test envoyé par {settings.Host}:{settings.Port} (message n° {id} de la file d'envoi).");
                return 0;
            case OutboxStatus.Sending:
                Console.WriteLine($"Message n° {id} pris en charge par une autre instance de Contrevue.");
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Échec de l'envoi par {settings.Host}:{settings.Port} : {result.LastError}");
                if (result.Status == OutboxStatus.Pending)
                {
                    await Console.Error.WriteLineAsync("Le message reste dans la file : l'application le réessaiera.");
                }
                return 1;
        }
    }

    internal static WebApplication BuildHost(IEnumerable<string> args)
    {
        var builder = WebApplication.CreateBuilder(ContrevueSetup.Options([.. args]));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // EF logs as an error its probe of the migrations table of a new database; the commands
        // report their own failures, in French.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.AddContrevue();
        return builder.Build();
    }

    private static int Usage(int exitCode)
    {
        var output = exitCode == 0 ? Console.Out : Console.Error;
        output.WriteLine("""
            Usage :
              Contrevue                                   lance le site (--urls pour l'adresse d'écoute)
              Contrevue import territories [--from DOSSIER] [--force]
                                                          importe le découpage administratif (par défaut celui fourni)
              Contrevue import vendor-graph FICHIER       importe les relations entre fournisseurs (CSV Technopolice EDGE;NŒUD1;NŒUD2;LIEN;SOURCE)
              Contrevue migrate                           applique les migrations de la base de données
              Contrevue admin create --email E [--password P]
                                                          crée un compte administrateur (mot de passe lu sur l'entrée standard sans --password)
              Contrevue token create --email E --name N   crée un jeton d'API pour ce compte et l'affiche une seule fois
              Contrevue mail test --to ADRESSE            envoie un courriel de test (réglages Mail:*)
              Contrevue demo generate --dossiers N [--sources M] [--seed S] [--force] [--replace]
                                      [--commune CODE --commune-dossiers K]
                                                          remplit la base de dossiers fictifs, marqués comme tels
                                                          (démonstration, mesures de charge) ; refuse une base
                                                          qui contient des dossiers réels, sauf --force
              Contrevue backup create FICHIER [--passphrase-file F] [--force]
                                                          sauvegarde la base (fichiers compris), chiffrée si une phrase
                                                          de passe est donnée (ou CONTREVUE_BACKUP_PASSPHRASE)
              Contrevue backup restore FICHIER [--passphrase-file F] [--force]
                                                          restaure une sauvegarde dans une base vide (--force : remplace tout)
            Configuration : Database:Provider (Sqlite|Postgres), ConnectionStrings:Default, Mail:Host…
            """);
        return exitCode;
    }

    internal sealed class CliUsageException(string message) : Exception(message);
}
