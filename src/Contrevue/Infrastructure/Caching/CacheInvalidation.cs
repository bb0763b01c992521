using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Npgsql;

namespace Contrevue.Infrastructure.Caching;

/// <summary>
/// Evicts output-cache tags on every instance: from this instance's store at once and, on PostgreSQL,
/// through <c>NOTIFY contrevue_cache</c>, which each instance's <see cref="CacheInvalidationListener"/>
/// receives within milliseconds and evicts from its own store. On SQLite (one instance) the local
/// eviction is all there is. What evicts after a write calls this, never the store itself.
/// </summary>
public sealed class CacheInvalidation(
    IOutputCacheStore store, IEnumerable<ICacheEvictionObserver> observers, ILogger<CacheInvalidation> logger, NpgsqlDataSource? database = null)
{
    public const string Channel = "contrevue_cache";

    /// <summary>PostgreSQL refuses a payload of 8000 bytes or more: longer lists go in several notifications.</summary>
    private const int MaxPayloadBytes = 7000;

    /// <summary>Tags remembered for the listener's catch-up after a reconnection; a bound keeps memory flat.</summary>
    private const int MaxKnownTags = 10_000;

    private long _generation;

    /// <summary>
    /// Heads each notification, so that this instance's listener skips its own: the local eviction is done
    /// already, and an echo arriving after the page was rendered again would evict that fresh copy too.
    /// </summary>
    private readonly string _sender = "@" + Guid.NewGuid().ToString("N");

    private readonly Lock _unsentLock = new();
    private HashSet<string> _unsent = new(StringComparer.Ordinal);

    private readonly Lock _knownLock = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public async Task EvictAsync(IEnumerable<string> tags, CancellationToken cancellationToken)
    {
        var distinct = tags.Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
        await EvictLocallyAsync(distinct, cancellationToken);
        if (database is null || distinct.Count == 0)
        {
            return;
        }
        try
        {
            await NotifyAsync(distinct, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
        {
            // The write that asked for the eviction is saved: failing it now would tell its author it
            // was not. The announcement is kept and sent again (CacheInvalidationListener) until it goes:
            // the other instances may already listen again, and would otherwise keep the stale pages.
            KeepUnsent(distinct);
            logger.LogWarning(exception, "Could not notify the other instances to evict {TagCount} cache tags; sent again once PostgreSQL answers", distinct.Count);
        }
    }

    /// <summary>Whether announcements wait to be sent again.</summary>
    public bool HasUnsent
    {
        get
        {
            lock (_unsentLock)
            {
                return _unsent.Count > 0;
            }
        }
    }

    /// <summary>Sends the announcements that failed; true when none is left.</summary>
    public async Task<bool> SendUnsentAsync(CancellationToken cancellationToken)
    {
        List<string> tags;
        lock (_unsentLock)
        {
            if (_unsent.Count == 0)
            {
                return true;
            }
            tags = [.. _unsent];
            _unsent.Clear();
        }
        try
        {
            await NotifyAsync(tags, cancellationToken);
            logger.LogInformation("Sent {TagCount} cache tags to the other instances again", tags.Count);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            KeepUnsent(tags);
            return false;
        }
    }

    private async Task NotifyAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        foreach (var payload in Payloads(tags))
        {
            await using var command = database!.CreateCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Channel });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Bounded like the known tags: past the bound, one tag that empties every public page stands for them all.</summary>
    private void KeepUnsent(IEnumerable<string> tags)
    {
        lock (_unsentLock)
        {
            _unsent.UnionWith(tags);
            if (_unsent.Count > MaxKnownTags)
            {
                _unsent = new HashSet<string>(StringComparer.Ordinal) { PublicPageCache.AllPagesTag };
            }
        }
    }

    /// <summary>
    /// Counts this instance's evictions. A page read before a write's eviction may hold the data of before
    /// the write: the page cache reads this before rendering and stores only if it has not moved since
    /// (<see cref="IsCurrent"/>); otherwise the stale copy would outlive the eviction.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool IsCurrent(long generation) => Interlocked.Read(ref _generation) == generation;

    /// <summary>Evicts from this instance's store only: what the listener does with what it receives.</summary>
    public async Task EvictLocallyAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        foreach (var tag in tags)
        {
            Remember(tag);
            await store.EvictByTagAsync(tag, cancellationToken);
        }
        foreach (var observer in observers)
        {
            observer.Evicted(tags);
        }
    }

    /// <summary>
    /// Every tag this instance has evicted or heard of: after the listener lost its connection, the
    /// notifications sent meanwhile are lost, so it evicts these, which cover the tags in use.
    /// </summary>
    public IReadOnlyCollection<string> KnownTags()
    {
        lock (_knownLock)
        {
            return [.. _known];
        }
    }

    private void Remember(string tag)
    {
        lock (_knownLock)
        {
            if (_known.Count < MaxKnownTags)
            {
                _known.Add(tag);
            }
        }
    }

    /// <summary>The tags a notification carries (the sender on the first line, then one tag a line); none when this instance sent it.</summary>
    public IReadOnlyList<string> TagsFromOthers(string payload)
    {
        var lines = payload.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > 0 && lines[0].StartsWith('@'))
        {
            return lines[0] == _sender ? [] : lines[1..];
        }
        return lines;
    }

    private IEnumerable<string> Payloads(IReadOnlyCollection<string> tags)
    {
        var current = new StringBuilder(_sender);
        foreach (var tag in tags)
        {
            if (current.Length > _sender.Length && Encoding.UTF8.GetByteCount(current.ToString()) + Encoding.UTF8.GetByteCount(tag) + 1 > MaxPayloadBytes)
            {
                yield return current.ToString();
                current.Clear().Append(_sender);
            }
            current.Append('\n').Append(tag);
        }
        if (current.Length > _sender.Length)
        {
            yield return current.ToString();
        }
    }
}

/// <summary>
/// What an instance keeps beside the output cache and derives from the same data (the first ids of the
/// observatoire's lists): told of every eviction this instance carries out, its own or another instance's.
/// </summary>
public interface ICacheEvictionObserver
{
    void Evicted(IReadOnlyCollection<string> tags);
}
