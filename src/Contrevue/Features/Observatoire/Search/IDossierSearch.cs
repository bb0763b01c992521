using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Search;

/// <summary>The words of one dossier as the search index keeps them.</summary>
public sealed record DossierSearchText(int DossierId, string Text);

/// <summary>One dossier's terms as the search engine indexed them (stems, lexemes), separated by single spaces (no term holds one).</summary>
public sealed record DossierTerms(int DossierId, string Terms);

/// <summary>
/// A query as the engine reads it, when it is only a conjunction: a matching dossier has every
/// <paramref name="Exact"/> term, and for every one of <paramref name="Prefixes"/> a term that starts with it.
/// Neither: the query matches nothing.
/// </summary>
public sealed record SearchTerms(IReadOnlyList<string> Exact, IReadOnlyList<string> Prefixes);

/// <summary>
/// Full-text search of dossiers through the database's own engine (SQLite FTS5, PostgreSQL text
/// search). Matches come back as a query, so that filters, sort and paging run in the same statement.
/// </summary>
public interface IDossierSearch
{
    /// <summary>
    /// The ids of the dossiers (hidden ones included: callers filter) whose text has every word of
    /// <paramref name="query"/>, the last one also as a prefix. No id when the query has no word.
    /// </summary>
    IQueryable<int> MatchingIds(string query);

    /// <summary>The dossiers of <paramref name="dossiers"/> that match, in a form the engine's planner handles well.</summary>
    ValueTask<IQueryable<Dossier>> MatchingAsync(IQueryable<Dossier> dossiers, string query, CancellationToken cancellationToken)
    {
        var matching = MatchingIds(query);
        return ValueTask.FromResult(dossiers.Where(d => matching.Contains(d.Id)));
    }

    /// <summary>
    /// Which of <paramref name="ids"/> match <paramref name="query"/>: checks a few changed dossiers against a search
    /// whose other matches are known, at the cost of those few.
    /// </summary>
    async Task<IReadOnlySet<int>> MatchingAmongAsync(string query, IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        (await MatchingAmongAsync([query], ids, cancellationToken))[0];

    /// <summary>
    /// For each of <paramref name="queries"/>, which of <paramref name="ids"/> match it: after a write, every kept
    /// search is checked against the changed dossiers at once, in one round trip rather than one per search.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlySet<int>>> MatchingAmongAsync(IReadOnlyList<string> queries, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var among = ids.ToList();
        var found = new List<IReadOnlySet<int>>(queries.Count);
        foreach (var query in queries)
        {
            found.Add(among.Count == 0
                ? new HashSet<int>()
                : (await MatchingIds(query).Where(id => among.Contains(id)).ToListAsync(cancellationToken)).ToHashSet());
        }
        return found;
    }

    /// <summary>The indexed terms of these dossiers, or of every indexed dossier when <paramref name="ids"/> is null.</summary>
    Task<IReadOnlyList<DossierTerms>> TermsAsync(IReadOnlyCollection<int>? ids, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="query"/> as <see cref="MatchingIds"/> reads it, when that is a conjunction of terms; null when it
    /// uses operators (phrases, "or", exclusions) that only the engine evaluates.
    /// </summary>
    ValueTask<SearchTerms?> QueryTermsAsync(string query, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the rows of these dossiers, in the current transaction if there is one.</summary>
    Task WriteAsync(IReadOnlyList<DossierSearchText> rows, CancellationToken cancellationToken);

    Task ClearAsync(CancellationToken cancellationToken);

    Task<bool> IsEmptyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// After a rebuild: the query planner's statistics of the index, without which PostgreSQL cannot
    /// tell a word found in half the dossiers from a rare one, and picks slow plans (65 ms instead of
    /// 0.2 ms on 50,000 dossiers) until autovacuum gets to it.
    /// </summary>
    Task RefreshStatisticsAsync(CancellationToken cancellationToken);
}
