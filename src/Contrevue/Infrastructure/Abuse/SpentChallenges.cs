using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>The proof-of-work challenges already used, until they expire: each serves once.</summary>
public interface ISpentChallenges
{
    /// <summary>Marks the challenge spent; false if it already was. Check and mark are one step.</summary>
    ValueTask<bool> TrySpendAsync(string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken);
}

/// <summary>In this process's memory: the SQLite deployment, one instance only.</summary>
public sealed class MemorySpentChallenges(IMemoryCache cache, TimeProvider time) : ISpentChallenges
{
    private readonly Lock _lock = new();

    public ValueTask<bool> TrySpendAsync(string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        var key = "pow-spent:" + nonce;
        // Under one lock: two simultaneous posts of one challenge must not both pass.
        lock (_lock)
        {
            if (cache.TryGetValue(key, out _))
            {
                return ValueTask.FromResult(false);
            }
            // Relative: the cache keeps its own clock.
            cache.Set(key, true, keepUntil - time.GetUtcNow());
        }
        return ValueTask.FromResult(true);
    }
}

/// <summary>
/// In <c>shared_spent_challenges</c>, shared by every instance: the insert that finds the nonce already
/// there affects no row, so of two posts of one challenge, on one instance or two, one only passes.
/// The nonce is random, nothing about the client. <see cref="SharedStateCleanup"/> deletes expired rows.
/// </summary>
public sealed class PostgresSpentChallenges(NpgsqlDataSource database) : ISpentChallenges
{
    public async ValueTask<bool> TrySpendAsync(string nonce, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO shared_spent_challenges (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = nonce });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = keepUntil });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
