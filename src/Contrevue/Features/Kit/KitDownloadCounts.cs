using Contrevue.Infrastructure.Caching;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.Kit;

/// <summary>
/// Keeps the download counts a cached resource page shows at most <see cref="KitOptions.DownloadCountRefreshSeconds"/>
/// old, at a bounded cost: the first download of a resource in a window evicts its page (and its API document) at
/// once; the next ones in the same window share one eviction at the window's end. A press peak on one
/// brochure costs one eviction a minute, not one a download. State per instance: the last eviction of each
/// resource (at most <see cref="MaxTracked"/>) and at most one pending eviction per resource.
/// </summary>
public sealed class KitDownloadCounts(
    CacheInvalidation cache, IOptions<KitOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<KitDownloadCounts> logger)
{
    public const int MaxTracked = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _lastEviction = [];
    private readonly HashSet<int> _pending = [];

    private TimeSpan Window => TimeSpan.FromSeconds(Math.Max(1, options.Value.DownloadCountRefreshSeconds));

    /// <summary>A download of the published resource was counted.</summary>
    public Task CountedAsync(int resourceId, CancellationToken cancellationToken)
    {
        var window = Window;
        var now = time.GetTimestamp();
        TimeSpan wait;
        lock (_lock)
        {
            if (_pending.Contains(resourceId))
            {
                return Task.CompletedTask;
            }
            if (!_lastEviction.TryGetValue(resourceId, out var last) || time.GetElapsedTime(last, now) >= window)
            {
                Remember(resourceId, now, window);
                wait = TimeSpan.Zero;
            }
            else
            {
                wait = window - time.GetElapsedTime(last, now);
                _pending.Add(resourceId);
            }
        }
        if (wait == TimeSpan.Zero)
        {
            return cache.EvictAsync([KitCache.ResourceTag(resourceId)], cancellationToken);
        }
        _ = EvictLaterAsync(resourceId, wait);
        return Task.CompletedTask;
    }

    private async Task EvictLaterAsync(int resourceId, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, time, lifetime.ApplicationStopping);
            lock (_lock)
            {
                _pending.Remove(resourceId);
                Remember(resourceId, time.GetTimestamp(), Window);
            }
            await cache.EvictAsync([KitCache.ResourceTag(resourceId)], lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
            // The instance stops: its cache goes with it.
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not evict the page of kit resource {ResourceId} for its download counts", resourceId);
            lock (_lock)
            {
                _pending.Remove(resourceId);
            }
        }
    }

    /// <summary>Under the lock. Entries older than the window tell nothing any more: they go first when the bound is reached.</summary>
    private void Remember(int resourceId, long now, TimeSpan window)
    {
        if (_lastEviction.Count >= MaxTracked && !_lastEviction.ContainsKey(resourceId))
        {
            foreach (var (id, last) in _lastEviction.ToList())
            {
                if (time.GetElapsedTime(last, now) >= window)
                {
                    _lastEviction.Remove(id);
                }
            }
            if (_lastEviction.Count >= MaxTracked)
            {
                // Ten thousand resources downloaded within one window: forgetting costs one more eviction each, no more.
                _lastEviction.Clear();
            }
        }
        _lastEviction[resourceId] = now;
    }
}
