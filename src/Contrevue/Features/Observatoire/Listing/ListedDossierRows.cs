using Contrevue.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// The dossiers a page of the list shows (their own columns, no collections), kept by id: in a press peak
/// the same first pages of the same words come back, and reading their twenty rows is a database round trip
/// per page. Shared between requests, so read-only by contract: only the list page uses them.
/// Never behind a write: <see cref="DossierListing"/> forgets a dossier as soon as an eviction names it, and a
/// read that an eviction overtook is not kept.
/// </summary>
internal sealed class ListedDossierRows : IDisposable
{
    // About 2 KB each (the summary is most of it): 20 MB at most, 500 pages of twenty.
    private const int MostKept = 10_000;

    private MemoryCache _rows = NewStore();
    private long _forgets;

    private static MemoryCache NewStore() => new(new MemoryCacheOptions { SizeLimit = MostKept });

    public async Task<IReadOnlyDictionary<int, Dossier>> GetAsync(IReadOnlyList<int> ids, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<int, Dossier>(ids.Count);
        var missing = new List<int>();
        var store = Volatile.Read(ref _rows);
        foreach (var id in ids)
        {
            if (store.TryGetValue(id, out Dossier? dossier) && dossier is not null)
            {
                found[id] = dossier;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count == 0)
        {
            return found;
        }
        var forgetsBefore = Interlocked.Read(ref _forgets);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var read = await db.Set<Dossier>().AsNoTracking().Where(d => missing.Contains(d.Id) && !d.IsHidden).ToListAsync(cancellationToken);
        // An eviction received during the read may concern a row read before its write: not kept, only shown.
        var keep = Interlocked.Read(ref _forgets) == forgetsBefore;
        foreach (var dossier in read)
        {
            found[dossier.Id] = dossier;
            if (keep)
            {
                store.Set(dossier.Id, dossier, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
            }
        }
        return found;
    }

    public void Forget(IReadOnlyCollection<int> ids)
    {
        Interlocked.Increment(ref _forgets);
        var store = Volatile.Read(ref _rows);
        foreach (var id in ids)
        {
            store.Remove(id);
        }
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _forgets);
        Interlocked.Exchange(ref _rows, NewStore()).Dispose();
    }

    public void Dispose() => _rows.Dispose();
}
