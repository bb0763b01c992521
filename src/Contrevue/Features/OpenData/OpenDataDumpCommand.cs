using System.Globalization;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Features.OpenData;

/// <summary><c>Contrevue opendata dump</c>: remakes every dump now, as the nightly job does.</summary>
public sealed class OpenDataDumpCommand : ICliCommand
{
    public IReadOnlyList<string> Words { get; } = ["opendata", "dump"];

    public int Order => 25;

    public string Usage =>
        "  Contrevue opendata dump                     refait les fichiers de données ouvertes (/donnees) : CSV, JSON, GeoJSON, SHA-256\n";

    /// <param name="args">Only host settings (<c>--OpenData:Directory=…</c>): the command takes no option of its own.</param>
    public async Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost)
    {
        await using var app = buildHost(args);
        await app.PrepareDatabaseAsync();
        var dumper = app.Services.GetRequiredService<OpenDataDumper>();
        var manifest = await dumper.DumpAsync(CancellationToken.None);
        foreach (var file in manifest.Files)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Name,-36} {file.Rows,9:N0} lignes {file.Bytes,14:N0} octets  {file.Sha256}"));
        }
        Console.WriteLine($"Données ouvertes écrites dans {dumper.Directory} ({manifest.Files.Count} fichiers).");
        return 0;
    }
}
