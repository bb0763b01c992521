using Contrevue.Infrastructure.Jobs;
using Npgsql;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// On PostgreSQL, deletes the counters of closed windows and the spent challenges that expired: a
/// client's hashed key lives no longer than its window (give or take a minute). Idempotent, so every
/// instance may run it.
/// </summary>
public sealed class SharedStateCleanup(NpgsqlDataSource database, TimeProvider time, ILogger<SharedStateCleanup> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenConnectionAsync(stoppingToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM shared_window_counters WHERE window_ends <= $1")
                {
                    Parameters = { new NpgsqlParameter<DateTimeOffset> { TypedValue = Time.GetUtcNow() } },
                },
                new NpgsqlBatchCommand("DELETE FROM shared_spent_challenges WHERE expires_at <= $1")
                {
                    Parameters = { new NpgsqlParameter<DateTimeOffset> { TypedValue = Time.GetUtcNow() } },
                },
            },
        };
        var deleted = await batch.ExecuteNonQueryAsync(stoppingToken);
        if (deleted > 0)
        {
            Logger.LogDebug("Deleted {Count} closed counters and expired challenges", deleted);
        }
    }
}
