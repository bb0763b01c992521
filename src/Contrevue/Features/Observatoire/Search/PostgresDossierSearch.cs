using System.Text.RegularExpressions;
using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Search;

/// <summary>
/// The table <c>dossier_search</c> (dossier id, tsvector with a GIN index) in the text search
/// configuration <c>contrevue_fr</c>: French Snowball stemming after <c>unaccent</c>. Queries use
/// <c>websearch_to_tsquery</c> (quotes for phrases, "or", a leading minus to exclude), and the last
/// plain word also matches as a prefix, for words being typed.
/// </summary>
public sealed partial class PostgresDossierSearch(ContrevueDbContext db) : IDossierSearch
{
    public IQueryable<int> MatchingIds(string query)
    {
        var (head, prefix) = Split(query);
        if (prefix is null)
        {
            return db.Database.SqlQuery<int>(
                $"SELECT dossier_id AS \"Value\" FROM dossier_search WHERE document @@ websearch_to_tsquery('contrevue_fr', {head})");
        }
        if (string.IsNullOrWhiteSpace(head))
        {
            return db.Database.SqlQuery<int>(
                $"SELECT dossier_id AS \"Value\" FROM dossier_search WHERE document @@ to_tsquery('contrevue_fr', {prefix + ":*"})");
        }
        return db.Database.SqlQuery<int>(
            $"SELECT dossier_id AS \"Value\" FROM dossier_search WHERE document @@ (websearch_to_tsquery('contrevue_fr', {head}) && to_tsquery('contrevue_fr', {prefix + ":*"}))");
    }

    /// <summary>
    /// Every search against the changed dossiers in one statement: each search's tsquery is built as in
    /// <see cref="MatchingIds"/>, and only the given dossiers' documents are read (by primary key).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlySet<int>>> MatchingAmongAsync(IReadOnlyList<string> queries, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var found = queries.Select(_ => new HashSet<int>()).ToList();
        if (ids.Count == 0 || queries.Count == 0)
        {
            return found;
        }
        var split = queries.Select(Split).ToList();
        var heads = split.Select(s => s.Head.Trim()).ToArray();
        var prefixes = split.Select(s => s.Prefix).ToArray();
        var among = ids.ToArray();
        var matches = await db.Database.SqlQuery<QueryMatch>($"""
            SELECT q.number::int AS "Query", s.dossier_id AS "Dossier"
            FROM unnest({heads}::text[], {prefixes}::text[]) WITH ORDINALITY AS q(head, prefix, number)
            JOIN dossier_search s ON s.dossier_id = ANY({among})
            WHERE s.document @@ CASE
                WHEN q.prefix IS NULL THEN websearch_to_tsquery('contrevue_fr', q.head)
                WHEN q.head = '' THEN to_tsquery('contrevue_fr', q.prefix || ':*')
                ELSE websearch_to_tsquery('contrevue_fr', q.head) && to_tsquery('contrevue_fr', q.prefix || ':*')
            END
            """).ToListAsync(cancellationToken);
        foreach (var match in matches)
        {
            found[match.Query - 1].Add(match.Dossier);
        }
        return found;
    }

    private sealed record QueryMatch(int Query, int Dossier);

    private sealed record IndexedRow(int DossierId, string Lexemes);

    public async Task<IReadOnlyList<DossierTerms>> TermsAsync(IReadOnlyCollection<int>? ids, CancellationToken cancellationToken)
    {
        // The parser splits words on white space, so no lexeme of to_tsvector holds a space: one joins them safely.
        var rows = ids is null
            ? db.Database.SqlQuery<IndexedRow>($"SELECT dossier_id AS \"DossierId\", array_to_string(tsvector_to_array(document), ' ') AS \"Lexemes\" FROM dossier_search")
            : db.Database.SqlQuery<IndexedRow>($"SELECT dossier_id AS \"DossierId\", array_to_string(tsvector_to_array(document), ' ') AS \"Lexemes\" FROM dossier_search WHERE dossier_id = ANY({ids.ToArray()})");
        return [.. (await rows.ToListAsync(cancellationToken)).Select(row => new DossierTerms(row.DossierId, row.Lexemes))];
    }

    /// <summary>
    /// The tsquery <see cref="MatchingIds"/> builds, as PostgreSQL prints it (one round trip, no table read), read back
    /// when it is lexemes joined by AND (<c>'camer' &amp; 'deploi':*</c>); anything else (phrase, or, not) stays with PostgreSQL.
    /// </summary>
    public async ValueTask<SearchTerms?> QueryTermsAsync(string query, CancellationToken cancellationToken)
    {
        var (head, prefix) = Split(query);
        var printed = prefix is null
            ? db.Database.SqlQuery<string>($"SELECT websearch_to_tsquery('contrevue_fr', {head})::text AS \"Value\"")
            : string.IsNullOrWhiteSpace(head)
                ? db.Database.SqlQuery<string>($"SELECT to_tsquery('contrevue_fr', {prefix + ":*"})::text AS \"Value\"")
                : db.Database.SqlQuery<string>($"SELECT (websearch_to_tsquery('contrevue_fr', {head}) && to_tsquery('contrevue_fr', {prefix + ":*"}))::text AS \"Value\"");
        return Conjunction(await printed.SingleAsync(cancellationToken));
    }

    /// <summary>A printed tsquery read as a conjunction of lexemes, or null when it is anything else.</summary>
    public static SearchTerms? Conjunction(string printed)
    {
        if (string.IsNullOrWhiteSpace(printed))
        {
            return new SearchTerms([], []);
        }
        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var part in printed.Split(" & "))
        {
            var lexeme = QuotedLexeme().Match(part);
            if (!lexeme.Success)
            {
                return null;
            }
            var text = lexeme.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal).Replace(@"\\", @"\", StringComparison.Ordinal);
            (lexeme.Groups["prefix"].Success ? prefixes : exact).Add(text);
        }
        return new SearchTerms(exact, prefixes);
    }

    [GeneratedRegex(@"^'(?<text>(?:[^'\\]|''|\\.)+)'(?<prefix>:\*)?$")]
    private static partial Regex QuotedLexeme();

    /// <summary>The query without its last word, and that word when it is plain letters or digits (safe for to_tsquery).</summary>
    public static (string Head, string? Prefix) Split(string query)
    {
        var trimmed = query.Trim();
        var match = LastPlainWord().Match(trimmed);
        return match.Success ? (trimmed[..match.Index], match.Groups["word"].Value) : (trimmed, null);
    }

    public async Task WriteAsync(IReadOnlyList<DossierSearchText> rows, CancellationToken cancellationToken)
    {
        foreach (var batch in rows.Chunk(1000))
        {
            var ids = batch.Select(r => r.DossierId).ToArray();
            var texts = batch.Select(r => r.Text).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dossier_search (dossier_id, document)
                SELECT id, to_tsvector('contrevue_fr', text) FROM unnest({ids}, {texts}) AS row(id, text)
                ON CONFLICT (dossier_id) DO UPDATE SET document = excluded.document
                """, cancellationToken);
        }
    }

    public async Task ClearAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("DELETE FROM dossier_search", cancellationToken);

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        !await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\" FROM dossier_search LIMIT 1").AnyAsync(cancellationToken);

    public async Task RefreshStatisticsAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("ANALYZE dossier_search", cancellationToken);

    // The last word, preceded by a space or the start (not "-word", an exclusion), not inside quotes.
    [GeneratedRegex(@"(?:^|\s)(?<word>[\p{L}\p{N}]+)$")]
    private static partial Regex LastPlainWord();
}
