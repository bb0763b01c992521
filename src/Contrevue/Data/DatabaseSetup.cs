using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Contrevue.Data;

public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "Contrevue.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "Contrevue.Data.Postgres";

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException(
                $"Database:Provider « {value} » inconnu : utilisez « Sqlite » ou « Postgres ».");
    }

    /// <summary>
    /// The configured connection string; for SQLite without one, <see cref="DefaultSqliteFile"/>, its
    /// folder created if missing.
    /// </summary>
    public static string ReadConnectionString(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                EnsureSqliteFolder(configured);
            }
            return configured;
        }
        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Default est requis avec Database:Provider=Postgres " +
                "(par exemple « Host=localhost;Database=contrevue;Username=contrevue;Password=… »).");
        }
        var file = DefaultSqliteFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SqliteConnectionStringBuilder { DataSource = file }.ToString();
    }

    /// <summary>
    /// The SQLite file used when none is configured: the user's data folder (<c>~/.local/share/contrevue</c>
    /// on Linux, <c>%LOCALAPPDATA%\contrevue</c> on Windows), whatever the working directory, so that
    /// <c>dotnet run</c> and the commands run from anywhere use the same database. Without a home folder
    /// (a system service), a <c>data</c> folder beside the executable.
    /// </summary>
    public static string DefaultSqliteFile()
    {
        var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        var folder = string.IsNullOrEmpty(userData)
            ? Path.Combine(AppContext.BaseDirectory, "data")
            : Path.Combine(userData, "contrevue");
        return Path.Combine(folder, "contrevue.db");
    }

    /// <summary>Which database is used, for the operator (never a password): « SQLite /chemin/contrevue.db ».</summary>
    public static string Describe(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(connectionString);
            return sqlite.Mode == SqliteOpenMode.Memory || sqlite.DataSource is "" or ":memory:"
                ? "SQLite en mémoire"
                : $"SQLite {Path.GetFullPath(sqlite.DataSource)}";
        }
        // The database's name only: its host may be an IP address, and no address reaches the logs.
        var postgres = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL, base « {postgres.Database ?? postgres.Username} »";
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
                options.AddInterceptors(SqlitePragmaInterceptor.Instance);
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
        }
        // Migrations live in provider projects that cannot reference this assembly; see ProviderMigrationsAssembly.
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    public static DatabaseProvider ProviderOf(this DbContext db) =>
        db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}

/// <summary>Per-connection SQLite settings: foreign keys, a busy timeout and a durable-enough WAL.</summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly SqlitePragmaInterceptor Instance = new();

    private const string Pragmas =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
