using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// How many dossiers match a filter, counted up to <see cref="Cap"/> and remembered per filter for
/// <see cref="Lifetime"/>: a press peak sends the same searches again and again, and counting every match
/// of a common word costs as much as the rest of the page. A count may thus lag a new or hidden dossier
/// by that long; the list itself is always read fresh.
/// </summary>
public sealed class DossierCounts : IDisposable
{
    /// <summary>Past this, the page says "plus de 10 000": counting further would cost with the size of the observatoire.</summary>
    public const int Cap = 10_000;
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    // Its own bounded store: visitors choose the filters, so they must not be able to grow memory without end.
    private readonly MemoryCache _counts = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>The count for these criteria (their sort aside), at most <see cref="Cap"/> + 1.</summary>
    public async Task<int> GetAsync(DossierCriteria criteria, Func<Task<int>> count)
    {
        var key = JsonSerializer.Serialize(criteria with { Sort = DossierSort.Id });
        if (_counts.TryGetValue(key, out int known))
        {
            return known;
        }
        var counted = await count();
        _counts.Set(key, counted, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return counted;
    }

    public void Dispose() => _counts.Dispose();
}
