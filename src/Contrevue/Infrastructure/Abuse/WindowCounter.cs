using System.Collections.Concurrent;

namespace Contrevue.Infrastructure.Abuse;

/// <param name="Count">Events counted in the window, this one included.</param>
/// <param name="WindowEnds">When the window closes and the count starts again from zero.</param>
public readonly record struct WindowCount(long Count, DateTimeOffset WindowEnds);

/// <summary>
/// Fixed-window counters behind every per-client limit (public writes, uploads and snapshots, sign-in):
/// the windows are aligned on the clock (a one-minute window starts at each minute), so that every
/// instance counting a key agrees on which window an event falls in.
/// </summary>
public interface IWindowCounter
{
    /// <summary>Counts one event for <paramref name="key"/> in the current window of length <paramref name="window"/>.</summary>
    /// <param name="key">Names the limit and the client, e.g. <c>sign-in:203.0.113.7</c>; kept only as long as its window.</param>
    ValueTask<WindowCount> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}

public static class WindowCounterExtensions
{
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);

    /// <summary>
    /// Takes one event from an allowance of <paramref name="permits"/> per window: null when allowed,
    /// else how long until the window closes (one second at least).
    /// </summary>
    public static async ValueTask<TimeSpan?> TryAcquireAsync(this IWindowCounter counter, string key, int permits, TimeSpan window,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var count = await counter.IncrementAsync(key, window, cancellationToken);
        if (count.Count <= permits)
        {
            return null;
        }
        var wait = count.WindowEnds - time.GetUtcNow();
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }
}

/// <summary>
/// Counters in this process's memory: the SQLite deployment, which runs one instance only (SQLite is a
/// file of one machine), so nothing needs sharing. The key stays in memory until its window closes.
/// </summary>
public sealed class MemoryWindowCounter(TimeProvider time) : IWindowCounter
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Key, DateTimeOffset Start, TimeSpan Window), long> _counts = new();
    private long _nextSweepTicks;

    public ValueTask<WindowCount> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = WindowCounterExtensions.WindowStart(now, window);
        var count = _counts.AddOrUpdate((key, start, window), 1, (_, previous) => previous + 1);
        SweepClosedWindows(now);
        return ValueTask.FromResult(new WindowCount(count, start + window));
    }

    /// <summary>Forgets the keys of closed windows, once a minute at most: memory follows the active clients only.</summary>
    private void SweepClosedWindows(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + SweepInterval.Ticks, next) != next)
        {
            return;
        }
        foreach (var entry in _counts.Keys)
        {
            if (entry.Start + entry.Window <= now)
            {
                _counts.TryRemove(entry, out _);
            }
        }
    }
}
