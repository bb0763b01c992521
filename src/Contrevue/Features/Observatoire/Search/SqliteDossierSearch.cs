using Contrevue.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Contrevue.Features.Observatoire.Search;

/// <summary>
/// The FTS5 table <c>dossier_search</c> (rowid = dossier id). FTS5 knows no French, so the text is
/// stemmed here (<see cref="FrenchStemmer"/>) before it is written and before it is searched.
/// </summary>
public sealed class SqliteDossierSearch(ContrevueDbContext db) : IDossierSearch
{
    public IQueryable<int> MatchingIds(string query) =>
        MatchExpression(query) is { } expression ? IdsMatching(expression) : db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM dossier_search WHERE 0");

    private IQueryable<int> IdsMatching(string expression) =>
        db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM dossier_search WHERE dossier_search MATCH {expression}");

    /// <summary>Below this many matches, reading them by id beats walking the sort's index (measured on 50,000 dossiers).</summary>
    public const int FewMatches = 1_500;

    /// <summary>
    /// Two plans, chosen by how many dossiers match (counted up to <see cref="FewMatches"/>, a fraction of a
    /// millisecond). Few: SQLite reads them by id and sorts them (0.3 ms for 388 matches, where walking the
    /// sort's index for them would pass every dossier). Many: "Id + 0" keeps SQLite from reading them all
    /// by id and sorting them, which costs with the number of matches (47 ms for a word in 44,000 of 50,000
    /// dossiers); it walks the index of the list's sort, checks each dossier against the matches and stops
    /// when the list has what it asked for (the first 1,001: 9 ms).
    /// </summary>
    public async ValueTask<IQueryable<Dossier>> MatchingAsync(IQueryable<Dossier> dossiers, string query, CancellationToken cancellationToken)
    {
        var expression = MatchExpression(query);
        if (expression is null)
        {
            return dossiers.Where(d => false);
        }
        var matching = IdsMatching(expression);
        var found = await db.Database.SqlQuery<int>(
                $"SELECT count(*) AS Value FROM (SELECT rowid FROM dossier_search WHERE dossier_search MATCH {expression} LIMIT {FewMatches})")
            .SingleAsync(cancellationToken);
        return found < FewMatches
            ? dossiers.Where(d => matching.Contains(d.Id))
            : dossiers.Where(d => matching.Contains(d.Id + 0));
    }

    /// <summary>
    /// FTS5 does not narrow a MATCH to given rowids: checking one dossier against a common word would read
    /// the word's whole doclist (3–6 ms each). So the dossiers' indexed stems are read by rowid and matched
    /// here as FTS5 matches <see cref="MatchExpression"/>: every stem of the query starts one of the dossier's.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlySet<int>>> MatchingAmongAsync(IReadOnlyList<string> queries, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        var termsOfQueries = queries.Select(query => FrenchStemmer.Terms(query).Distinct().ToList()).ToList();
        if (ids.Count == 0 || termsOfQueries.All(terms => terms.Count == 0))
        {
            return [.. termsOfQueries.Select(_ => (IReadOnlySet<int>)new HashSet<int>())];
        }
        var among = ids.ToList();
        var rows = (await db.Database.SqlQuery<IndexedRow>($"SELECT rowid AS Id, text AS Text FROM dossier_search")
                .Where(row => among.Contains(row.Id))
                .ToListAsync(cancellationToken))
            .Select(row => (row.Id, Stems: row.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        return [.. termsOfQueries.Select(terms => (IReadOnlySet<int>)rows
            .Where(row => terms.Count > 0 && terms.All(term => row.Stems.Any(stem => stem.StartsWith(term, StringComparison.OrdinalIgnoreCase))))
            .Select(row => row.Id)
            .ToHashSet())];
    }

    private sealed record IndexedRow(int Id, string Text);

    public async Task<IReadOnlyList<DossierTerms>> TermsAsync(IReadOnlyCollection<int>? ids, CancellationToken cancellationToken)
    {
        var rows = db.Database.SqlQuery<IndexedRow>($"SELECT rowid AS Id, text AS Text FROM dossier_search");
        if (ids is not null)
        {
            var among = ids.ToList();
            rows = rows.Where(row => among.Contains(row.Id));
        }
        return [.. (await rows.ToListAsync(cancellationToken)).Select(row => new DossierTerms(row.Id, row.Text))];
    }

    /// <summary>Every stem of the query as a prefix, as <see cref="MatchExpression"/> asks FTS5: never an operator.</summary>
    public ValueTask<SearchTerms?> QueryTermsAsync(string query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SearchTerms?>(new SearchTerms([], [.. FrenchStemmer.Terms(query).Distinct()]));

    /// <summary>Every stem as a quoted prefix, all required: <c>"camer"* "deploi"*</c>. Null without a word.</summary>
    public static string? MatchExpression(string query)
    {
        var terms = FrenchStemmer.Terms(query).Distinct().ToList();
        // Stems hold only letters and digits: quoting them is enough to keep FTS5 operators out.
        return terms.Count == 0 ? null : string.Join(' ', terms.Select(t => $"\"{t}\"*"));
    }

    public static string IndexedText(string text) => string.Join(' ', FrenchStemmer.Terms(text));

    public async Task WriteAsync(IReadOnlyList<DossierSearchText> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // One transaction for a batch: SQLite commits each statement on its own otherwise.
            var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            await using (ownTransaction)
            {
                await using var delete = db.Database.GetDbConnection().CreateCommand();
                delete.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
                delete.CommandText = "DELETE FROM dossier_search WHERE rowid = $id";
                var deleteId = delete.CreateParameter();
                deleteId.ParameterName = "$id";
                delete.Parameters.Add(deleteId);

                await using var insert = db.Database.GetDbConnection().CreateCommand();
                insert.Transaction = delete.Transaction;
                insert.CommandText = "INSERT INTO dossier_search (rowid, text) VALUES ($id, $text)";
                var insertId = insert.CreateParameter();
                insertId.ParameterName = "$id";
                insert.Parameters.Add(insertId);
                var insertText = insert.CreateParameter();
                insertText.ParameterName = "$text";
                insert.Parameters.Add(insertText);

                foreach (var row in rows)
                {
                    deleteId.Value = row.DossierId;
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                    insertId.Value = row.DossierId;
                    insertText.Value = IndexedText(row.Text);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                if (ownTransaction is not null)
                {
                    await ownTransaction.CommitAsync(cancellationToken);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task ClearAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("DELETE FROM dossier_search", cancellationToken);

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken) =>
        !await db.Database.SqlQueryRaw<int>("SELECT 1 AS Value FROM dossier_search LIMIT 1").AnyAsync(cancellationToken);

    /// <summary>FTS5 keeps its own statistics in its shadow tables: nothing to refresh.</summary>
    public Task RefreshStatisticsAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
