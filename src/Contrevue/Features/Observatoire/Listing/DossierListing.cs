using Contrevue.Features.Observatoire.Search;
using Microsoft.Extensions.Caching.Memory;
using Contrevue.Data;
using Contrevue.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>What a list filters and sorts on, for one listed (not hidden) dossier.</summary>
public sealed record ListedDossier(
    int Id, string Title, string? CommuneCode, string? DepartementCode, string? RegionCode, Technology Technologies,
    DossierStatus Status, DateOnly? StatusSince, bool IsFictional, DateTime UpdatedAt, int? CameraCount, long? BudgetEur);

/// <summary>
/// The observatoire's lists in memory, one per instance: every listed dossier's filter and sort columns,
/// kept in the order of each sort. A press peak searches with words and filters no cache has seen; in
/// the database each such list costs with the number of matches (tens of milliseconds for a common word,
/// on a 2-core machine: issue 13). Here it is a walk of the sort's order, checking each dossier against
/// the filters and the words' matches, that stops at the first 1,001: a fraction of a millisecond. Plain
/// words are matched in memory on the engine's own terms (<see cref="DossierWordIndex"/>); a query with
/// operators is matched once by the engine and its matches kept (<see cref="DossierSearchMatches"/>).
///
/// It never lags a write: every eviction of the lists (<see cref="ICacheEvictionObserver"/>, on every
/// instance) marks the dossiers it names as changed, or everything when it names none, and the next
/// list reads those rows again before it answers (one query by id). Vendor and alert filters, rare and
/// joined or computed, stay in the database (<see cref="DossierRankings"/>).
/// </summary>
public sealed class DossierListing(IServiceScopeFactory scopes, TimeProvider time, ILogger<DossierListing> logger) : ICacheEvictionObserver, IDisposable
{
    /// <summary>More changed dossiers than this at once (an import) and everything is read again: as cheap, and simpler.</summary>
    public const int MostPatched = 2_000;

    /// <summary>Read again from scratch this often even without an eviction, in the background: bounds what a missed eviction can cost.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly DossierSearchMatches _matches = new();
    private readonly ListedDossierRows _rows = new();

    // How the engine reads each search text: fixed for a text (it depends on the engine's configuration, not
    // on the data), so kept; bounded by count, since visitors choose the texts.
    private readonly MemoryCache _queryTerms = new(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions { SizeLimit = 20_000 });
    private sealed record QueryReading(SearchTerms? Terms);
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly Lock _pendingLock = new();
    private HashSet<int> _changedIds = [];
    private bool _everythingChanged = true;
    private long _evictionsReceived;
    private Snapshot? _snapshot;
    private Snapshot? _expired;

    /// <summary>The lists in one state: each sort's order, and which dossiers changed in the latest applies.</summary>
    private sealed record Snapshot(
        long EvictionsApplied, DateTimeOffset ReadAt, ListedDossier[][] Orders, FilterColumns[][] Columns, DossierChangeLog Changes, DossierWordIndex Words);

    /// <summary>
    /// What the filters test, side by side in each sort's order: a list that few dossiers match (a
    /// département) walks all 50,000, and reading them from contiguous values rather than from 50,000
    /// objects scattered in memory is what makes that walk cost 0.2 ms instead of 7.
    /// </summary>
    private readonly record struct FilterColumns(
        int Id, int Commune, int Departement, int Region, Technology Technologies, DossierStatus Status, int StatusSinceDay, bool IsFictional);

    /// <summary>The territory codes a list asks for, as numbers (<see cref="FilterCodeOf"/>): 0 when not asked.</summary>
    private readonly record struct TerritoryFilter(int Commune, int Departement, int Region);

    private const int NoDay = int.MinValue;

    // Territory codes as numbers, the same for every snapshot; 0 is "none". Grows with the codes dossiers use,
    // written only while applying (one apply at a time), read by any list.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _codes = new(StringComparer.Ordinal);

    private int CodeOf(string? code) => code is null ? 0 : _codes.GetOrAdd(code, _ => _codes.Count + 1);

    /// <summary>The number of a code asked for in a filter: -1 when no dossier has it (it then matches none).</summary>
    private int FilterCodeOf(string? code) => code is null ? 0 : _codes.TryGetValue(code, out var number) ? number : -1;

    private FilterColumns ColumnsOf(ListedDossier d) => new(
        d.Id, CodeOf(d.CommuneCode), CodeOf(d.DepartementCode), CodeOf(d.RegionCode), d.Technologies, d.Status,
        d.StatusSince?.DayNumber ?? NoDay, d.IsFictional);

    /// <summary>
    /// The first <paramref name="max"/> ids matching <paramref name="criteria"/> in its sort's order, or null when
    /// the criteria filter on something this does not keep (vendors, alerts): then the database answers.
    /// </summary>
    public async Task<IReadOnlyList<int>?> RankAsync(DossierCriteria criteria, int max, CancellationToken cancellationToken)
    {
        if (criteria.VendorIds is not null || criteria.Flag is not null)
        {
            return null;
        }
        var snapshot = await CurrentAsync(cancellationToken);
        DossierIdSet? matches = null;
        if (criteria.Query is { } query)
        {
            // Plain words: the inverted index in memory. Operators (phrases, "or", exclusions): the engine.
            matches = await QueryTermsAsync(query, cancellationToken) is { } terms
                ? snapshot.Words.Match(terms)
                : await _matches.GetAsync(query, snapshot.Changes, scopes, cancellationToken);
        }
        var ids = new List<int>(Math.Min(max, 1024));
        var territory = new TerritoryFilter(FilterCodeOf(criteria.CommuneCode), FilterCodeOf(criteria.DepartementCode), FilterCodeOf(criteria.RegionCode));
        foreach (ref readonly var dossier in snapshot.Columns[(int)criteria.Sort].AsSpan())
        {
            if ((matches is null || matches.Contains(dossier.Id)) && Passes(in dossier, territory, criteria))
            {
                ids.Add(dossier.Id);
                if (ids.Count == max)
                {
                    break;
                }
            }
        }
        return ids;
    }

    /// <summary>The listed dossiers of these ids that are not hidden (a page of a list), by id.</summary>
    public Task<IReadOnlyDictionary<int, Dossier>> DossiersAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken) =>
        _rows.GetAsync(ids, scopes, cancellationToken);

    private async ValueTask<SearchTerms?> QueryTermsAsync(string query, CancellationToken cancellationToken)
    {
        var key = query.Trim();
        if (_queryTerms.TryGetValue(key, out QueryReading? known) && known is not null)
        {
            return known.Terms;
        }
        using var scope = scopes.CreateScope();
        var reading = new QueryReading(await scope.ServiceProvider.GetRequiredService<IDossierSearch>().QueryTermsAsync(key, cancellationToken));
        _queryTerms.Set(key, reading, new MemoryCacheEntryOptions { Size = 1 });
        return reading.Terms;
    }

    /// <summary>The same tests as <see cref="DossierListQuery.FilteredAsync"/>, on the kept columns.</summary>
    private static bool Passes(in FilterColumns dossier, TerritoryFilter territory, DossierCriteria criteria) =>
        (territory.Commune == 0 || dossier.Commune == territory.Commune)
        && (territory.Departement == 0 || dossier.Departement == territory.Departement)
        && (territory.Region == 0 || dossier.Region == territory.Region)
        && (criteria.Technology is not { } technology || (dossier.Technologies & technology) != 0)
        && (criteria.Status is not { } status || dossier.Status == status)
        && (criteria.From is not { } from || (dossier.StatusSinceDay != NoDay && dossier.StatusSinceDay >= from.DayNumber))
        && (criteria.To is not { } to || (dossier.StatusSinceDay != NoDay && dossier.StatusSinceDay <= to.DayNumber))
        && criteria.Fictional switch
        {
            FictionalFilter.Exclude => !dossier.IsFictional,
            FictionalFilter.Only => dossier.IsFictional,
            _ => true,
        };

    public void Evicted(IReadOnlyCollection<string> tags)
    {
        var ids = new List<int>();
        var everything = false;
        foreach (var tag in tags)
        {
            if (ObservatoireCache.DossierIdOf(tag) is { } id)
            {
                ids.Add(id);
            }
            else if (tag is ObservatoireCache.AllTag or PublicPageCache.AllPagesTag)
            {
                everything = true;
            }
        }
        // The lists evicted without naming a dossier: a change that touches many (a vendor renamed).
        everything |= ids.Count == 0 && tags.Contains(ObservatoireCache.ListsTag);
        if (!everything && ids.Count == 0)
        {
            return;
        }
        if (everything)
        {
            _rows.ForgetAll();
        }
        else
        {
            _rows.Forget(ids);
        }
        lock (_pendingLock)
        {
            _everythingChanged |= everything;
            _changedIds.UnionWith(ids);
            _evictionsReceived++;
        }
    }

    /// <summary>The lists with every eviction received before this call applied: a write is never missed.</summary>
    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        long wanted;
        var refresh = false;
        lock (_pendingLock)
        {
            if (_snapshot is { } old && old != _expired && time.GetUtcNow() - old.ReadAt > Lifetime)
            {
                _expired = old;
                refresh = true;
            }
            wanted = _evictionsReceived;
        }
        if (refresh)
        {
            // Only a safety net, not a write to show: lists keep being served while it reads (a few seconds).
            _ = Task.Run(RefreshAsync, CancellationToken.None);
        }
        if (Volatile.Read(ref _snapshot) is { } current && current.EvictionsApplied >= wanted)
        {
            return current;
        }
        await _applying.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && current.EvictionsApplied >= wanted)
            {
                return current;
            }
            var (changed, everything, received) = TakePending();
            try
            {
                // Not the caller's token: one visitor leaving must not waste a read the others wait for.
                var next = everything || current is null || current.Words.ChangedCount + changed.Count > MostPatched
                    ? await ReadAllAsync(current, received)
                    : await PatchAsync(current, changed, received);
                Volatile.Write(ref _snapshot, next);
                return next;
            }
            catch
            {
                PutBack(changed, everything);
                throw;
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>The changes received and not applied yet, handed to the one apply running (under <c>_applying</c>).</summary>
    private (HashSet<int> Changed, bool Everything, long Received) TakePending()
    {
        lock (_pendingLock)
        {
            var pending = (_changedIds, _everythingChanged, _evictionsReceived);
            _changedIds = [];
            _everythingChanged = false;
            return pending;
        }
    }

    /// <summary>An apply that failed gives its changes back, for the next one.</summary>
    private void PutBack(HashSet<int> changed, bool everything)
    {
        lock (_pendingLock)
        {
            _everythingChanged |= everything;
            _changedIds.UnionWith(changed);
        }
    }

    /// <summary>Everything read again in the background, with the changes received so far.</summary>
    private async Task RefreshAsync()
    {
        await _applying.WaitAsync();
        var (changed, everything, received) = TakePending();
        try
        {
            Volatile.Write(ref _snapshot, await ReadAllAsync(_snapshot, received));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Dossier lists not read again; the next list will try");
            PutBack(changed, everything);
            lock (_pendingLock)
            {
                _expired = null;
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    private async Task<Snapshot> ReadAllAsync(Snapshot? current, long received)
    {
        var started = time.GetTimestamp();
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var dossiers = await Listed(db.Set<Dossier>()).ToListAsync(CancellationToken.None);
        var words = DossierWordIndex.Build(await scope.ServiceProvider.GetRequiredService<IDossierSearch>().TermsAsync(null, CancellationToken.None));
        var orders = new ListedDossier[Enum.GetValues<DossierSort>().Length][];
        foreach (var sort in Enum.GetValues<DossierSort>())
        {
            var order = dossiers.ToArray();
            Array.Sort(order, Comparer(sort));
            orders[(int)sort] = order;
        }
        logger.LogInformation("Dossier lists read: {Count} dossiers in {Elapsed} ms", dossiers.Count, (int)time.GetElapsedTime(started).TotalMilliseconds);
        var columns = dossiers.ToDictionary(d => d.Id, ColumnsOf);
        return new Snapshot(received, time.GetUtcNow(), orders, [.. orders.Select(order => order.Select(d => columns[d.Id]).ToArray())],
            DossierChangeLog.Restart(current?.Changes), words);
    }

    private async Task<Snapshot> PatchAsync(Snapshot current, HashSet<int> changed, long received)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var ids = changed.ToList();
        // Hidden or deleted ones come back as nothing: they leave every order.
        var fresh = await Listed(db.Set<Dossier>().Where(d => ids.Contains(d.Id))).ToListAsync(CancellationToken.None);
        var freshColumns = fresh.Select(ColumnsOf).ToList();
        var words = current.Words.With(changed, await scope.ServiceProvider.GetRequiredService<IDossierSearch>().TermsAsync(changed, CancellationToken.None));
        var orders = new ListedDossier[current.Orders.Length][];
        var columns = new FilterColumns[current.Orders.Length][];
        foreach (var sort in Enum.GetValues<DossierSort>())
        {
            (orders[(int)sort], columns[(int)sort]) = Patched(current.Orders[(int)sort], current.Columns[(int)sort], changed, fresh, freshColumns, Comparer(sort));
        }
        var changes = current.Changes.Add(changed);
        try
        {
            await _matches.CatchUpAsync(changes, changed, scopes);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Only a shortcut: each search is otherwise checked against these dossiers when next asked for.
            logger.LogWarning(exception, "Kept searches not brought up to date after a write");
        }
        return new Snapshot(received, current.ReadAt, orders, columns, changes, words);
    }

    /// <summary>
    /// One sort's order with the changed dossiers taken out and their fresh rows put in place, built by copying
    /// the runs between them: lists wait while this runs, so it costs a scan of the ids and a copy, not a
    /// rebuild (a one-dossier edit took 30–90 ms under load when the order was rebuilt element by element).
    /// The two arrays stay parallel: what leaves or enters one does so at the same place in the other.
    /// </summary>
    private static (ListedDossier[] Order, FilterColumns[] Columns) Patched(
        ListedDossier[] oldOrder, FilterColumns[] oldColumns, HashSet<int> changed, List<ListedDossier> fresh, List<FilterColumns> freshColumns,
        IComparer<ListedDossier> comparer)
    {
        var leaving = new List<int>();
        int[] few = changed.Count <= 16 ? [.. changed] : [];
        for (var i = 0; i < oldColumns.Length; i++)
        {
            var id = oldColumns[i].Id;
            if (few.Length > 0 ? few.AsSpan().Contains(id) : changed.Contains(id))
            {
                leaving.Add(i);
            }
        }
        // Where each fresh row enters, among the old rows (the sort's ties by id make the order total).
        var entering = new List<(int At, int Fresh)>(fresh.Count);
        for (var k = 0; k < fresh.Count; k++)
        {
            var at = Array.BinarySearch(oldOrder, fresh[k], comparer);
            entering.Add((at < 0 ? ~at : at, k));
        }
        entering.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : comparer.Compare(fresh[a.Fresh], fresh[b.Fresh]));

        var order = new ListedDossier[oldOrder.Length - leaving.Count + fresh.Count];
        var orderColumns = new FilterColumns[order.Length];
        int read = 0, write = 0, leave = 0;
        void CopyOldUpTo(int end)
        {
            while (read < end)
            {
                var stop = leave < leaving.Count && leaving[leave] < end ? leaving[leave] : end;
                Array.Copy(oldOrder, read, order, write, stop - read);
                Array.Copy(oldColumns, read, orderColumns, write, stop - read);
                write += stop - read;
                read = stop;
                if (leave < leaving.Count && leaving[leave] == read)
                {
                    read++;
                    leave++;
                }
            }
        }
        foreach (var (at, k) in entering)
        {
            CopyOldUpTo(at);
            order[write] = fresh[k];
            orderColumns[write] = freshColumns[k];
            write++;
        }
        CopyOldUpTo(oldOrder.Length);
        return (order, orderColumns);
    }

    private static IQueryable<ListedDossier> Listed(IQueryable<Dossier> dossiers) => dossiers.AsNoTracking()
        .Where(d => !d.IsHidden)
        .Select(d => new ListedDossier(d.Id, d.Title, d.CommuneCode, d.DepartementCode, d.RegionCode, d.Technologies,
            d.Status, d.StatusSince, d.IsFictional, d.UpdatedAt, d.CameraCount, d.BudgetEur));

    /// <summary>The orders of <see cref="DossierListQuery.Ordered"/>: unknown values last, ties by id.</summary>
    public static IComparer<ListedDossier> Comparer(DossierSort sort) => Comparer<ListedDossier>.Create(sort switch
    {
        DossierSort.Recent => (a, b) => Then(b.UpdatedAt.CompareTo(a.UpdatedAt), b.Id.CompareTo(a.Id)),
        // Ordinal, as SQLite compares text (and PostgreSQL in a C collation). The pages are the same on both
        // providers this way; the API's cursors follow the database's collation.
        DossierSort.Title => (a, b) => Then(string.CompareOrdinal(a.Title, b.Title), a.Id.CompareTo(b.Id)),
        DossierSort.Cameras => (a, b) => Then(KnownFirstLargest(a.CameraCount, b.CameraCount), b.Id.CompareTo(a.Id)),
        DossierSort.Budget => (a, b) => Then(KnownFirstLargest(a.BudgetEur, b.BudgetEur), b.Id.CompareTo(a.Id)),
        DossierSort.StatusDate => (a, b) => Then(KnownFirstLargest(a.StatusSince, b.StatusSince), b.Id.CompareTo(a.Id)),
        _ => (a, b) => b.Id.CompareTo(a.Id),
    });

    public void Dispose()
    {
        _matches.Dispose();
        _rows.Dispose();
        _queryTerms.Dispose();
        _applying.Dispose();
    }

    private static int Then(int first, int second) => first != 0 ? first : second;

    private static int KnownFirstLargest<T>(T? a, T? b) where T : struct, IComparable<T> => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        _ => b.Value.CompareTo(a.Value),
    };
}

/// <summary>
/// Which dossiers changed in the recent applies of the lists, numbered: a word's matches read at apply N
/// are brought up to date by checking only the dossiers changed since. After a full read, or once more
/// applies have passed than are kept, nothing is known and matches are read again.
/// </summary>
public sealed class DossierChangeLog
{
    private const int Kept = 256;

    private readonly (long Apply, IReadOnlyCollection<int> Ids)[] _applies;

    private DossierChangeLog(long latest, long oldestKnown, (long Apply, IReadOnlyCollection<int> Ids)[] applies) =>
        (Latest, OldestKnown, _applies) = (latest, oldestKnown, applies);

    /// <summary>The number of the latest apply: matches read at this point need nothing more.</summary>
    public long Latest { get; }

    /// <summary>Matches read at this apply or later can be brought up to date from here.</summary>
    private long OldestKnown { get; }

    public static DossierChangeLog Restart(DossierChangeLog? previous)
    {
        var latest = (previous?.Latest ?? 0) + 1;
        return new DossierChangeLog(latest, latest, []);
    }

    public DossierChangeLog Add(IReadOnlyCollection<int> ids)
    {
        var latest = Latest + 1;
        (long Apply, IReadOnlyCollection<int> Ids)[] applies = [.. _applies.Append((latest, ids)).TakeLast(Kept)];
        return new DossierChangeLog(latest, Math.Max(OldestKnown, applies[0].Apply - 1), applies);
    }

    /// <summary>The dossiers changed after apply <paramref name="apply"/>, or null when that is no longer known.</summary>
    public HashSet<int>? ChangedSince(long apply)
    {
        if (apply < OldestKnown)
        {
            return null;
        }
        var ids = new HashSet<int>();
        foreach (var (number, changed) in _applies)
        {
            if (number > apply)
            {
                ids.UnionWith(changed);
            }
        }
        return ids;
    }
}
