using Contrevue.Data;
using Microsoft.Data.Sqlite;

namespace Contrevue.Features.OpenData;

/// <summary>Settings of the <c>OpenData</c> section: where the dumps go and when they are remade.</summary>
public sealed class OpenDataOptions
{
    public const string Section = "OpenData";

    /// <summary>
    /// The folder of the dumps. Empty: beside the SQLite file (<c>contrevue-donnees/</c>), or in the user's data
    /// folder with PostgreSQL. Several instances may share one folder: each file is replaced whole.
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>The hour (UTC) after which the night's dumps are made: 2 h UTC is 3 or 4 h in Paris.</summary>
    public int NightlyHourUtc { get; set; } = 2;

    /// <summary>No dump in the first minutes after start: a restart, or a test's app, does not pay for one.</summary>
    public int FirstDelayMinutes { get; set; } = 10;

    /// <summary>How often the job looks whether the night's dumps are due.</summary>
    public int CheckMinutes { get; set; } = 15;

    /// <summary>The folder to use, from the settings or the database's place.</summary>
    public static string ResolveDirectory(OpenDataOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.Directory))
        {
            return Path.GetFullPath(options.Directory);
        }
        var provider = DatabaseSetup.ReadProvider(configuration);
        if (provider == DatabaseProvider.Sqlite)
        {
            var dataSource = new SqliteConnectionStringBuilder(DatabaseSetup.ReadConnectionString(configuration, provider)).DataSource;
            if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.Ordinal))
            {
                var full = Path.GetFullPath(dataSource);
                return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-donnees");
            }
        }
        return Path.Combine(Path.GetDirectoryName(DatabaseSetup.DefaultSqliteFile())!, "contrevue-donnees");
    }
}
