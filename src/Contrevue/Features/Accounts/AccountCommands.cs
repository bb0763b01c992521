using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;
using Contrevue.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace Contrevue.Features.Accounts;

/// <summary><c>admin create</c> and <c>token create</c>: the operator's way in, before any invitation exists.</summary>
internal static class AccountCommands
{
    public static async Task<int> CreateAdminAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        var options = Options.Parse(args, "--email", "--password");
        var email = options.Required("--email");
        var password = options.Values.GetValueOrDefault("--password") ?? await ReadPasswordFromStandardInputAsync();

        await using var app = buildHost(options.Rest);
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, password, Roles.Admin);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync(error);
            }
            return 1;
        }
        Console.WriteLine($"Compte administrateur créé pour {email}. À la première connexion, la double authentification (TOTP) sera demandée.");
        return 0;
    }

    public static async Task<int> CreateTokenAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        var options = Options.Parse(args, "--email", "--name");
        var email = options.Required("--email");
        var name = options.Required("--name").Trim();
        if (name.Length is 0 or > ApiTokenService.MaxNameLength)
        {
            throw new CliUsageException($"--name doit compter entre 1 et {ApiTokenService.MaxNameLength} caractères.");
        }

        await using var app = buildHost(options.Rest);
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ContrevueUser>>().FindByEmailAsync(email);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"Aucun compte pour {email}.");
            return 1;
        }
        var token = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user, name, CancellationToken.None);
        Console.WriteLine($"Jeton « {name} » créé pour {email}. Il ne sera plus jamais affiché ; il se révoque depuis la page « Mon compte ».");
        // Alone on the last line, for scripts.
        Console.WriteLine(token.Token);
        return 0;
    }

    private static async Task<string> ReadPasswordFromStandardInputAsync()
    {
        if (!Console.IsInputRedirected)
        {
            Console.Error.Write("Mot de passe : ");
        }
        var line = await Console.In.ReadLineAsync();
        return string.IsNullOrEmpty(line)
            ? throw new CliUsageException("Mot de passe manquant : --password, ou une ligne sur l'entrée standard.")
            : line;
    }

    private sealed record Options(Dictionary<string, string> Values, List<string> Rest)
    {
        public static Options Parse(string[] args, params string[] names)
        {
            var values = new Dictionary<string, string>();
            var rest = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                if (names.Contains(args[i]))
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new CliUsageException($"{args[i]} attend une valeur.");
                    }
                    values[args[i]] = args[++i];
                }
                else
                {
                    rest.Add(args[i]);
                }
            }
            return new Options(values, rest);
        }

        public string Required(string name) =>
            Values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
                ? value
                : throw new CliUsageException($"{name} est requis.");
    }
}

/// <summary><c>Contrevue admin create --email E [--password P]</c>.</summary>
public sealed class CreateAdminCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["admin", "create"];

    public int Order => 30;

    public string Usage =>
        "  Contrevue admin create --email E [--password P]\n" +
        "                                              crée un compte administrateur (mot de passe lu sur l'entrée standard sans --password)\n";

    public Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost) => AccountCommands.CreateAdminAsync(args, buildHost);
}

/// <summary><c>Contrevue token create --email E --name N</c>.</summary>
public sealed class CreateTokenCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["token", "create"];

    public int Order => 31;

    public string Usage =>
        "  Contrevue token create --email E --name N   crée un jeton d'API pour ce compte et l'affiche une seule fois\n";

    public Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost) => AccountCommands.CreateTokenAsync(args, buildHost);
}
