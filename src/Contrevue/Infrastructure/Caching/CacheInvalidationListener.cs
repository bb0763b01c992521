using Npgsql;

namespace Contrevue.Infrastructure.Caching;

/// <summary>
/// On PostgreSQL, listens on <c>contrevue_cache</c> with a connection of its own and evicts the tags
/// other instances (and this one: evicting twice is harmless) announce. When the connection drops (the
/// database restarted, the backend was terminated) it reconnects with a growing pause, and then evicts
/// every tag it knows, since what was announced meanwhile is lost. Its first connection does the same: the
/// server may already have cached pages before it listened, and missed an announcement in between.
/// It also sends again, every <see cref="RetryEvery"/>, the announcements of this instance that failed
/// (<see cref="CacheInvalidation.SendUnsentAsync"/>): a write saved as the database restarts.
/// </summary>
public sealed class CacheInvalidationListener(string connectionString, CacheInvalidation invalidation, ILogger<CacheInvalidationListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not pooled: a connection that LISTENs must not be handed to anyone else; TCP keepalives
        // notice a peer that vanished without closing the socket.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, TcpKeepAlive = true };
        var pause = FirstPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(builder.ConnectionString, () => pause = FirstPause, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Cache notifications interrupted ({Error}); listening again in {Pause} ms",
                    exception.GetType().Name + (exception is PostgresException postgres ? " " + postgres.SqlState : ""), pause.TotalMilliseconds);
                try
                {
                    await Task.Delay(pause, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    private async Task ListenAsync(string connection, Action connected, CancellationToken stoppingToken)
    {
        await using var listener = new NpgsqlConnection(connection);
        var received = new List<string>();
        listener.Notification += (_, notification) => received.Add(notification.Payload);
        await listener.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand("LISTEN " + CacheInvalidation.Channel, listener))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        connected();
        // The known tags are bounded (one per dossier page would not be): every public page goes too.
        var known = invalidation.KnownTags().Append(PublicPageCache.AllPagesTag).ToList();
        await invalidation.EvictLocallyAsync(known, stoppingToken);
        logger.LogInformation("Cache notifications listening; evicted {TagCount} known tags", known.Count);
        while (true)
        {
            if (invalidation.HasUnsent)
            {
                await invalidation.SendUnsentAsync(stoppingToken);
            }
            if (!await listener.WaitAsync(RetryEvery, stoppingToken))
            {
                continue;
            }
            // The handler runs inside WaitAsync, on this flow: the list needs no lock.
            var tags = received.SelectMany(invalidation.TagsFromOthers).Distinct(StringComparer.Ordinal).ToList();
            received.Clear();
            if (tags.Count > 0)
            {
                await invalidation.EvictLocallyAsync(tags, stoppingToken);
            }
        }
    }
}
