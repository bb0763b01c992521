using System.Text.Json;
using Contrevue.Infrastructure.Caching;
using Microsoft.Extensions.Caching.Memory;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// For the lists <see cref="DossierListing"/> does not keep (vendor and alert filters): the first ids matching a filter, in its sort's order: as many as the pages show (1,000) and one more,
/// which tells "plus de 1 000". One query gives the count and every page of a search; a page is then 20
/// dossiers read by id. A press peak sends the same searches again and again, and a common word costs
/// with its number of matches, so this is remembered per filter and sort for <see cref="Lifetime"/>,
/// and forgotten with the lists' eviction (a dossier published, changed, hidden, on any instance): a
/// list never lags the dossiers it shows.
/// </summary>
public sealed class DossierRankings : ICacheEvictionObserver, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // Its own bounded store, sized in ids (4 bytes each, 16 MB at most): visitors choose the filters, so
    // they must not be able to grow memory without end.
    private readonly MemoryCache _rankings = new(new MemoryCacheOptions { SizeLimit = 4_000_000 });

    // Counts the lists' evictions: ids read across one may be those of before the write, and are not kept.
    private long _evictions;

    /// <summary>The ids for these criteria, at most <paramref name="max"/>, read by <paramref name="read"/> when not known.</summary>
    public async Task<IReadOnlyList<int>> GetAsync(DossierCriteria criteria, int max, Func<int, Task<List<int>>> read)
    {
        var key = JsonSerializer.Serialize(criteria) + "|" + max;
        if (_rankings.TryGetValue(key, out IReadOnlyList<int>? known) && known is not null)
        {
            return known;
        }
        var evictions = Interlocked.Read(ref _evictions);
        var ids = await read(max);
        if (Interlocked.Read(ref _evictions) != evictions)
        {
            // Read while a write was being evicted: good for this request, maybe stale for the next.
            return ids;
        }
        _rankings.Set(key, (IReadOnlyList<int>)ids, new MemoryCacheEntryOptions { Size = ids.Count + 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return ids;
    }

    public void Evicted(IReadOnlyCollection<string> tags)
    {
        if (tags.Contains(ObservatoireCache.ListsTag) || tags.Contains(ObservatoireCache.AllTag) || tags.Contains(PublicPageCache.AllPagesTag))
        {
            Interlocked.Increment(ref _evictions);
            _rankings.Clear();
        }
    }

    public void Dispose() => _rankings.Dispose();
}
