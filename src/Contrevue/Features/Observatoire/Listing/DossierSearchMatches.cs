using Contrevue.Features.Observatoire.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// For the searches the engine must evaluate itself (phrases, "or", exclusions: plain words go to
/// <see cref="DossierWordIndex"/>), the dossiers each matches, as the engine finds them, kept per search text:
/// a common word costs 15–20 ms to match on 50,000 dossiers, and a press peak sends the same words again
/// and again. A write does not throw them away: the dossiers changed since a search's matches were read
/// (<see cref="DossierChangeLog"/>) are checked against it again, which costs with their number, not
/// with the number of dossiers.
/// </summary>
internal sealed class DossierSearchMatches : IDisposable
{
    // Its own bounded store, sized in bytes (64 MB at most, about 10,000 searches on 50,000 dossiers):
    // visitors choose the words, so they must not be able to grow memory without end.
    private readonly MemoryCache _matches = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });

    private sealed record Matches(DossierIdSet Ids, long AsOfApply);

    public async Task<DossierIdSet> GetAsync(string query, DossierChangeLog changes, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var key = query.Trim();
        if (_matches.TryGetValue(key, out Matches? known) && known is not null)
        {
            if (known.AsOfApply >= changes.Latest)
            {
                return known.Ids;
            }
            if (changes.ChangedSince(known.AsOfApply) is { } changed)
            {
                using var checkScope = scopes.CreateScope();
                var matching = await checkScope.ServiceProvider.GetRequiredService<IDossierSearch>().MatchingAmongAsync(key, changed, cancellationToken);
                return Keep(key, new Matches(known.Ids.With(changed, matching), changes.Latest));
            }
        }
        using var scope = scopes.CreateScope();
        var ids = await scope.ServiceProvider.GetRequiredService<IDossierSearch>().MatchingIds(key).ToListAsync(cancellationToken);
        return Keep(key, new Matches(DossierIdSet.Of(ids), changes.Latest));
    }

    /// <summary>
    /// After apply <see cref="DossierChangeLog.Latest"/> of <paramref name="changes"/>: every kept search that was
    /// up to date with the apply before is checked against the <paramref name="changed"/> dossiers in one round
    /// trip, so that a write costs one query, not one per search when each is next asked for. A search left
    /// behind (read while this ran) is still brought up to date when it is next asked for.
    /// </summary>
    public async Task CatchUpAsync(DossierChangeLog changes, IReadOnlyCollection<int> changed, IServiceScopeFactory scopes)
    {
        var previous = changes.Latest - 1;
        var behind = new List<(string Key, DossierIdSet Ids)>();
        foreach (var key in _matches.Keys)
        {
            if (key is string query && _matches.TryGetValue(query, out Matches? known) && known is not null && known.AsOfApply == previous)
            {
                behind.Add((query, known.Ids));
            }
        }
        if (behind.Count == 0)
        {
            return;
        }
        using var scope = scopes.CreateScope();
        var matching = await scope.ServiceProvider.GetRequiredService<IDossierSearch>()
            .MatchingAmongAsync([.. behind.Select(b => b.Key)], changed, CancellationToken.None);
        for (var i = 0; i < behind.Count; i++)
        {
            Keep(behind[i].Key, new Matches(behind[i].Ids.With(changed, matching[i]), changes.Latest));
        }
    }

    private DossierIdSet Keep(string key, Matches matches)
    {
        // Read after every apply up to AsOfApply: what is kept is at least as fresh as the lists that use it.
        _matches.Set(key, matches, new MemoryCacheEntryOptions { Size = matches.Ids.Bytes + key.Length * 2 });
        return matches.Ids;
    }

    public void Dispose() => _matches.Dispose();
}
