using System.Text.Json;
using Contrevue.Infrastructure.Caching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// How many dossiers match a filter, counted up to <see cref="Cap"/> and remembered per filter for
/// <see cref="Lifetime"/>: a press peak sends the same searches again and again, and counting every match
/// of a common word costs as much as the rest of the page. The lists' eviction (a dossier published,
/// changed, hidden, on any instance) forgets every count, so a count never lags the list it heads.
/// </summary>
public sealed class DossierCounts(IOptions<ObservatoireOptions> options) : ICacheEvictionObserver, IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // Its own bounded store: visitors choose the filters, so they must not be able to grow memory without end.
    private readonly MemoryCache _counts = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>Past this, the page says "plus de 1 000" (<see cref="ObservatoireOptions.CountCap"/>).</summary>
    public int Cap { get; } = Math.Max(1, options.Value.CountCap);

    /// <summary>The count for these criteria (their sort aside), at most <see cref="Cap"/> + 1.</summary>
    public async Task<int> GetAsync(DossierCriteria criteria, Func<int, Task<int>> countUpTo)
    {
        var key = JsonSerializer.Serialize(criteria with { Sort = DossierSort.Id });
        if (_counts.TryGetValue(key, out int known))
        {
            return known;
        }
        var counted = await countUpTo(Cap + 1);
        _counts.Set(key, counted, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return counted;
    }

    public void Evicted(IReadOnlyCollection<string> tags)
    {
        if (tags.Contains(ObservatoireCache.ListsTag) || tags.Contains(ObservatoireCache.AllTag) || tags.Contains(PublicPageCache.AllPagesTag))
        {
            _counts.Clear();
        }
    }

    public void Dispose() => _counts.Dispose();
}
