using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// Counters shared by every instance, one row per key and window in <c>shared_window_counters</c>,
/// counted by one atomic upsert (two instances counting at once both see the sum). The row's key is
/// not the client's address but a keyed hash of it (<see cref="SharedKeyHasher"/>), and
/// <see cref="SharedStateCleanup"/> deletes the row once its window has closed.
/// </summary>
public sealed class PostgresWindowCounter(NpgsqlDataSource database, SharedKeyHasher hasher, TimeProvider time) : IWindowCounter
{
    private const string Increment = """
        INSERT INTO shared_window_counters (key, window_ends, count) VALUES ($1, $2, 1)
        ON CONFLICT (key, window_ends) DO UPDATE SET count = shared_window_counters.count + 1
        RETURNING count
        """;

    public async ValueTask<WindowCount> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var ends = WindowCounterExtensions.WindowStart(time.GetUtcNow(), window) + window;
        var hashed = await hasher.HashAsync(key, cancellationToken);
        await using var command = database.CreateCommand(Increment);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hashed });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = ends });
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new WindowCount(count, ends);
    }
}

/// <summary>
/// HMAC-SHA256 of a counter key (which names a client address) under a random key that every
/// instance reads from the database, truncated to 128 bits: what the rows hold cannot be read back
/// without that key.
/// </summary>
/// <remarks>
/// The key sits in the same database as the rows, in an unlogged table (neither in the write-ahead
/// log, nor in streaming replicas or physical backups, nor in the app's own backup, which copies the
/// EF model's tables only). Someone holding the live database could still reverse the rows by trying
/// every IPv4 address: what that reveals is which addresses sent a write or a sign-in within the
/// current window (ten minutes at most), since closed windows are deleted. Unlike
/// <see cref="ClientHasher"/>, whose hashes are kept for days and whose key therefore never leaves an
/// instance's memory, counters must agree between instances, so their key must be shared.
/// </remarks>
public sealed class SharedKeyHasher(NpgsqlDataSource database)
{
    private const string KeyName = "window-counters";

    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    public async ValueTask<string> HashAsync(string value, CancellationToken cancellationToken)
    {
        var key = _key ?? await LoadAsync(cancellationToken);
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value));
        return WebEncoders.Base64UrlEncode(hash, 0, 16);
    }

    private async Task<byte[]> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is null)
            {
                // Two instances starting together may both propose a key: the first insert wins, and
                // both read the winner. A failure (database down) is not remembered: the next call retries.
                await using var connection = await database.OpenConnectionAsync(cancellationToken);
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("INSERT INTO shared_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                        {
                            Parameters = { new NpgsqlParameter<string> { TypedValue = KeyName }, new NpgsqlParameter<byte[]> { TypedValue = RandomNumberGenerator.GetBytes(32) } },
                        },
                        new NpgsqlBatchCommand("SELECT value FROM shared_secrets WHERE name = $1")
                        {
                            Parameters = { new NpgsqlParameter<string> { TypedValue = KeyName } },
                        },
                    },
                };
                _key = (byte[])(await batch.ExecuteScalarAsync(cancellationToken))!;
            }
            return _key;
        }
        finally
        {
            _loading.Release();
        }
    }
}
