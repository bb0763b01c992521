using Contrevue.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Contrevue.Tests.Infrastructure;

/// <summary>
/// Which database providers the tests run on, and a fresh empty database for each. Both run by
/// default; PostgreSQL needs a real server whose admin connection string is in
/// CONTREVUE_TEST_POSTGRES (./test.sh starts one). CONTREVUE_TEST_PROVIDERS=Sqlite narrows the run
/// for a quick local loop; it is never set in CI.
/// </summary>
public static class TestDatabases
{
    public static IReadOnlyList<DatabaseProvider> Providers { get; } =
        (Environment.GetEnvironmentVariable("CONTREVUE_TEST_PROVIDERS") ?? "Sqlite,Postgres")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Enum.Parse<DatabaseProvider>(p, ignoreCase: true))
            .ToList();

    public static TheoryData<DatabaseProvider> All
    {
        get
        {
            var data = new TheoryData<DatabaseProvider>();
            foreach (var provider in Providers)
            {
                data.Add(provider);
            }
            return data;
        }
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var name = $"contrevue_test_{Guid.NewGuid():N}"[..30];
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), name);
            Directory.CreateDirectory(folder);
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "contrevue.db"), Pooling = false }.ToString();
            return new TestDatabase(provider, connectionString, () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return Task.CompletedTask;
            });
        }

        var admin = Environment.GetEnvironmentVariable("CONTREVUE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                "Les tests PostgreSQL ont besoin d'un serveur : lancez ./test.sh, qui l'installe et le démarre, " +
                "ou donnez sa chaîne de connexion d'administration dans CONTREVUE_TEST_POSTGRES.");
        }
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ToString(), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        });
    }
}

public sealed class TestDatabase(DatabaseProvider provider, string connectionString, Func<Task> drop) : IAsyncDisposable
{
    public DatabaseProvider Provider { get; } = provider;
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync() => await drop();
}
