using Contrevue.Data;
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
    /// <summary>The commands features contribute (<see cref="ICliCommand"/>), found in the assembly, in their order.</summary>
    private static readonly IReadOnlyList<ICliCommand> FeatureCommands =
        [.. Hosting.FeatureCatalog.Instances<ICliCommand>().OrderBy(c => c.Order).ThenBy(c => string.Join(' ', c.Words), StringComparer.Ordinal)];

    private static readonly string[] Commands =
        ["migrate", "mail", "backup", "help", "--help", "-h", .. FeatureCommands.Select(c => c.Words[0]).Distinct()];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>
    /// A first word that is neither a command nor a setting for the web app (<c>--urls …</c>, <c>Key=value</c>):
    /// a typo, which must not start the web server as if nothing had been asked.
    /// </summary>
    public static bool IsUnknownCommand(string[] args) =>
        args.Length > 0 && !IsCommand(args) && !args[0].StartsWith('-') && !args[0].Contains('=');

    public static int UnknownCommand(string[] args)
    {
        Console.Error.WriteLine($"Commande inconnue « {args[0]} ».");
        return Usage(2);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var command = FeatureCommands.FirstOrDefault(c => args.Length >= c.Words.Count && c.Words.SequenceEqual(args[..c.Words.Count]));
            if (command is not null)
            {
                return await command.RunAsync(args[command.Words.Count..], BuildHost);
            }
            return args switch
            {
                ["migrate", .. var rest] => await MigrateAsync(rest),
                ["mail", "test", .. var rest] => await MailTestAsync(rest),
                ["backup", "create", .. var rest] => await BackupCommands.CreateAsync(rest, BuildHost),
                ["backup", "restore", .. var rest] => await BackupCommands.RestoreAsync(rest, BuildHost),
                _ => Usage(args is ["help" or "--help" or "-h", ..] ? 0 : 2),
            };
        }
        catch (CliUsageException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return Usage(2);
        }
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
        var app = builder.Build();
        // The operator sees which database a command writes (a relative path or a forgotten setting
        // would otherwise fill another file in silence).
        var provider = DatabaseSetup.ReadProvider(builder.Configuration);
        Console.Error.WriteLine($"Base de données : {DatabaseSetup.Describe(provider, DatabaseSetup.ReadConnectionString(builder.Configuration, provider))}");
        return app;
    }

    private static int Usage(int exitCode)
    {
        var output = exitCode == 0 ? Console.Out : Console.Error;
        string Lines(int from, int to) => string.Concat(FeatureCommands.Where(c => c.Order >= from && c.Order < to).Select(c => c.Usage));
        output.Write(
            "Usage :\n" +
            "  Contrevue                                   lance le site (--urls pour l'adresse d'écoute)\n" +
            Lines(0, 30) +
            "  Contrevue migrate                           applique les migrations de la base de données\n" +
            Lines(30, 60) +
            "  Contrevue mail test --to ADRESSE            envoie un courriel de test (réglages Mail:*)\n" +
            Lines(60, 90) +
            "  Contrevue backup create FICHIER [--passphrase-file F] [--force]\n" +
            "                                              sauvegarde la base (fichiers compris), chiffrée si une phrase\n" +
            "                                              de passe est donnée (ou CONTREVUE_BACKUP_PASSPHRASE)\n" +
            "  Contrevue backup restore FICHIER [--passphrase-file F] [--force]\n" +
            "                                              restaure une sauvegarde dans une base vide (--force : remplace tout)\n" +
            Lines(90, int.MaxValue) +
            "Configuration : Database:Provider (Sqlite|Postgres), ConnectionStrings:Default, Mail:Host…\n");
        return exitCode;
    }
}
