using System.Globalization;
using Contrevue.Features.Territories.Import;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.Observatoire.Demo;

/// <summary>
/// <c>Contrevue demo generate --dossiers N [--sources M] [--seed S] [--force] [--replace]
/// [--commune CODE --commune-dossiers K]</c>.
/// </summary>
public sealed class DemoCommand : ICliCommand
{
    public const int MaxDossiers = 1_000_000;

    public IReadOnlyList<string> Words { get; } = ["demo", "generate"];

    public int Order => 60;

    public string Usage =>
        "  Contrevue demo generate --dossiers N [--sources M] [--seed S] [--force] [--replace]\n" +
        "                          [--commune CODE --commune-dossiers K]\n" +
        "                                              remplit la base de dossiers fictifs, marqués comme tels\n" +
        "                                              (démonstration, mesures de charge) ; refuse une base\n" +
        "                                              qui contient des dossiers réels, sauf --force\n";

    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        int? dossierCount = null, sourceCount = null, communeDossiers = null;
        var seed = DemoRequest.DefaultSeed;
        string? commune = null;
        bool force = false, replace = false;
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dossiers":
                    dossierCount = Number(args, ref i);
                    break;
                case "--sources":
                    sourceCount = Number(args, ref i);
                    break;
                case "--seed":
                    seed = Number(args, ref i);
                    break;
                case "--commune":
                    commune = i + 1 < args.Length ? args[++i] : throw new CliUsageException("--commune attend un code INSEE.");
                    break;
                case "--commune-dossiers":
                    communeDossiers = Number(args, ref i);
                    break;
                case "--force":
                    force = true;
                    break;
                case "--replace":
                    replace = true;
                    break;
                default:
                    hostArgs.Add(args[i]);
                    break;
            }
        }
        if (dossierCount is not { } dossiers || dossiers is < 1 or > MaxDossiers)
        {
            throw new CliUsageException($"demo generate attend --dossiers N (de 1 à {MaxDossiers.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))}).");
        }
        var sources = sourceCount ?? dossiers * 4;
        if (sources < dossiers || sources > (long)dossiers * DossierLimits.MaxSources)
        {
            throw new CliUsageException($"--sources : au moins une source par dossier ({dossiers}) et au plus {DossierLimits.MaxSources} par dossier.");
        }
        if ((commune is null) != (communeDossiers is null))
        {
            throw new CliUsageException("--commune et --commune-dossiers vont ensemble.");
        }
        if (communeDossiers is < 1 || communeDossiers > dossiers)
        {
            throw new CliUsageException($"--commune-dossiers : de 1 au nombre de dossiers ({dossiers}).");
        }

        await using var app = buildHost(hostArgs);
        await app.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        // A fresh database has no commune yet: the web app imports them at its first start, so does this.
        var imported = await scope.ServiceProvider.GetRequiredService<TerritoryImporter>().ImportBundledIfNeededAsync(CancellationToken.None);
        if (imported is not null)
        {
            Console.WriteLine($"Découpage administratif importé ({imported.Communes} communes) en {imported.Duration.TotalSeconds.ToString("0.0", CultureInfo.GetCultureInfo("fr-FR"))} s.");
        }
        var generator = scope.ServiceProvider.GetRequiredService<DemoGenerator>();
        var request = new DemoRequest(dossiers, sources, seed, force, replace, commune, communeDossiers ?? 0);
        var outcome = await generator.GenerateAsync(request, Console.WriteLine, CancellationToken.None);
        switch (outcome)
        {
            case DemoOutcome.Refused refused:
                await Console.Error.WriteLineAsync(refused.Message);
                return 1;
            case DemoOutcome.Generated { Report: var report }:
                var french = CultureInfo.GetCultureInfo("fr-FR");
                string N(int value) => value.ToString("N0", french);
                Console.WriteLine($"Terminé en {report.Duration.TotalSeconds.ToString("0.0", french)} s : {N(report.Dossiers)} dossiers fictifs, {N(report.Sources)} sources, "
                    + $"{N(report.StatusChanges)} étapes, {N(report.Fundings)} financements, {N(report.VendorLinks)} liens vers des fournisseurs fictifs ({N(report.VendorsCreated)} fournisseurs créés).");
                if (commune is not null)
                {
                    Console.WriteLine($"  dont {communeDossiers} sur la commune {commune.Trim()}, qui n'en reçoit pas d'autre.");
                }
                if (report.Removed > 0)
                {
                    Console.WriteLine($"Les {N(report.Removed)} dossiers fictifs précédents ont été supprimés (--replace).");
                }
                else if (report.FictionalBefore > 0)
                {
                    Console.WriteLine($"La base contenait déjà {N(report.FictionalBefore)} dossiers fictifs : les nouveaux s'y ajoutent (--replace pour les remplacer).");
                }
                return 0;
            default:
                throw new InvalidOperationException(outcome.ToString());
        }
    }

    private static int Number(string[] args, ref int i)
    {
        var name = args[i];
        if (i + 1 >= args.Length || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new CliUsageException($"{name} attend un nombre entier positif.");
        }
        return value;
    }
}
