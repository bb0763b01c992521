using Contrevue.Features.Observatoire.Search;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// The search engine's terms of every dossier, inverted (term → dossiers), so that a search made of plain words
/// is answered in memory: a word no one searched yet costs a binary search and the union of a few lists, where
/// the database's engine took 15–60 ms for a common prefix on 50,000 dossiers (and a press peak brings
/// hundreds of new words). The terms are the engine's own (<see cref="IDossierSearch.TermsAsync"/>), and so is
/// the reading of a query (<see cref="IDossierSearch.QueryTermsAsync"/>): the answers are the engine's, which
/// <c>DossierListingTests</c> checks on both providers. Queries with operators stay with the engine.
///
/// Never changed once built. The dossiers changed since it was built are kept aside with their current terms
/// and checked one by one; the listing builds a new index when they grow past <see cref="DossierListing.MostPatched"/>.
/// </summary>
public sealed class DossierWordIndex
{
    private readonly string[] _terms;
    private readonly int[][] _dossiers;
    private readonly IReadOnlyDictionary<int, string[]?> _changed;
    private readonly int _highestId;

    private DossierWordIndex(string[] terms, int[][] dossiers, IReadOnlyDictionary<int, string[]?> changed, int highestId) =>
        (_terms, _dossiers, _changed, _highestId) = (terms, dossiers, changed, highestId);

    /// <summary>The dossiers changed since the index was built, checked one by one.</summary>
    public int ChangedCount => _changed.Count;

    /// <summary>
    /// 50,000 dossiers hold about 2.8 million (dossier, term) pairs among 17,000 distinct terms: the terms are read
    /// as spans of each row's text and looked up without making a string of each (a second, not four).
    /// </summary>
    public static DossierWordIndex Build(IReadOnlyList<DossierTerms> rows)
    {
        var byTerm = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var lookup = byTerm.GetAlternateLookup<ReadOnlySpan<char>>();
        var highest = 0;
        foreach (var row in rows)
        {
            highest = Math.Max(highest, row.DossierId);
            var text = row.Terms.AsSpan();
            foreach (var range in text.Split(' '))
            {
                var term = text[range];
                if (term.IsEmpty)
                {
                    continue;
                }
                if (!lookup.TryGetValue(term, out var ids))
                {
                    lookup[term] = ids = [];
                }
                // Rows come one dossier at a time: a term repeated in a dossier is listed once.
                if (ids.Count == 0 || ids[^1] != row.DossierId)
                {
                    ids.Add(row.DossierId);
                }
            }
        }
        var terms = byTerm.Keys.ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        return new DossierWordIndex(terms, [.. terms.Select(term => byTerm[term].ToArray())], new Dictionary<int, string[]?>(), highest);
    }

    /// <summary>This index with these dossiers' current terms (no terms: no longer searchable).</summary>
    public DossierWordIndex With(IReadOnlyCollection<int> changedIds, IReadOnlyList<DossierTerms> fresh)
    {
        var changed = new Dictionary<int, string[]?>(_changed);
        foreach (var id in changedIds)
        {
            changed[id] = null;
        }
        foreach (var row in fresh)
        {
            changed[row.DossierId] = [.. row.Terms.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
        }
        return new DossierWordIndex(_terms, _dossiers, changed, _highestId);
    }

    /// <summary>The dossiers that have every exact term and, for every prefix, a term starting with it; none without any condition.</summary>
    public DossierIdSet Match(SearchTerms query)
    {
        if (query.Exact.Count + query.Prefixes.Count == 0)
        {
            return DossierIdSet.Of([]);
        }
        ulong[]? result = null;
        foreach (var term in query.Exact)
        {
            result = Intersect(result, Bits(Exact(term)));
        }
        foreach (var prefix in query.Prefixes)
        {
            result = Intersect(result, Bits(Prefixed(prefix)));
        }
        var highest = Math.Max(_highestId, _changed.Count == 0 ? 0 : _changed.Keys.Max());
        var bits = new ulong[(highest >> 6) + 1];
        Array.Copy(result!, bits, Math.Min(result!.Length, bits.Length));
        foreach (var (id, terms) in _changed)
        {
            var matches = terms is not null
                && query.Exact.All(term => Array.IndexOf(terms, term) >= 0)
                && query.Prefixes.All(prefix => terms.Any(t => t.StartsWith(prefix, StringComparison.Ordinal)));
            if (matches)
            {
                bits[id >> 6] |= 1UL << (id & 63);
            }
            else
            {
                bits[id >> 6] &= ~(1UL << (id & 63));
            }
        }
        return DossierIdSet.FromBits(bits);
    }

    private IEnumerable<int[]> Exact(string term)
    {
        var at = Array.BinarySearch(_terms, term, StringComparer.Ordinal);
        return at >= 0 ? [_dossiers[at]] : [];
    }

    private IEnumerable<int[]> Prefixed(string prefix)
    {
        var at = Array.BinarySearch(_terms, prefix, StringComparer.Ordinal);
        for (var i = at >= 0 ? at : ~at; i < _terms.Length && _terms[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            yield return _dossiers[i];
        }
    }

    private ulong[] Bits(IEnumerable<int[]> lists)
    {
        var bits = new ulong[(_highestId >> 6) + 1];
        foreach (var list in lists)
        {
            foreach (var id in list)
            {
                bits[id >> 6] |= 1UL << (id & 63);
            }
        }
        return bits;
    }

    private static ulong[] Intersect(ulong[]? left, ulong[] right)
    {
        if (left is null)
        {
            return right;
        }
        for (var i = 0; i < left.Length; i++)
        {
            left[i] &= right[i];
        }
        return left;
    }
}
