using Contrevue.Infrastructure.Text;
using System.Text.RegularExpressions;
using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories.Search;

public sealed record SearchResults(
    string Query,
    IReadOnlyList<CommuneDetails> Communes,
    IReadOnlyList<Departement> Departements,
    IReadOnlyList<Epci> Epcis)
{
    public bool IsEmpty => Communes.Count == 0 && Departements.Count == 0 && Epcis.Count == 0;
}

/// <summary>
/// Finds territories from what a visitor types: a name (accents, case, hyphens, apostrophes and
/// "st"/"ste" do not matter), a postal code or an INSEE code. Better matches first (exact name,
/// then names starting with the query, then a word of the name starting with it, then anywhere);
/// among equally good matches, larger populations first.
/// </summary>
public sealed partial class TerritorySearch(ContrevueDbContext db, TerritoryQueries queries)
{
    public const int MaxLimit = 100;
    public const int MaxQueryLength = 200;

    public async Task<SearchResults> SearchAsync(string? query, int communeLimit, CancellationToken cancellationToken)
    {
        var trimmed = (query ?? "").Trim();
        if (trimmed.Length == 0)
        {
            return new SearchResults("", [], [], []);
        }
        var communes = await SearchCommunesAsync(trimmed, null, communeLimit, cancellationToken);
        var normalized = SearchText.Normalize(trimmed);
        if (normalized.Length == 0 || CodePattern().IsMatch(trimmed))
        {
            var departementByCode = await db.Set<Departement>().AsNoTracking().Where(d => d.Code == trimmed.ToUpperInvariant()).ToListAsync(cancellationToken);
            return new SearchResults(trimmed, communes, departementByCode, []);
        }
        var departements = await db.Set<Departement>().AsNoTracking()
            .Where(d => d.SearchName.Contains(normalized) || d.Code == trimmed.ToUpperInvariant())
            .OrderBy(d => d.SearchName == normalized ? 0 : d.SearchName.StartsWith(normalized) ? 1 : 2)
            .ThenByDescending(d => d.Population)
            .Take(5)
            .ToListAsync(cancellationToken);
        var epcis = await db.Set<Epci>().AsNoTracking()
            .Where(e => e.SearchName.Contains(normalized))
            .OrderBy(e => e.SearchName == normalized ? 0 : e.SearchName.StartsWith(normalized) ? 1 : e.SearchName.Contains(" " + normalized) ? 2 : 3)
            .ThenByDescending(e => e.Population)
            .Take(5)
            .ToListAsync(cancellationToken);
        return new SearchResults(trimmed, communes, departements, epcis);
    }

    public async Task<List<CommuneDetails>> SearchCommunesAsync(string query, string? departement, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        var trimmed = query.Trim();
        if (trimmed.Length > MaxQueryLength)
        {
            trimmed = trimmed[..MaxQueryLength];
        }
        var departementCode = string.IsNullOrEmpty(departement) ? null : departement.ToUpperInvariant();
        if (CodePattern().IsMatch(trimmed))
        {
            return await SearchByCodeAsync(trimmed.ToUpperInvariant(), departementCode, limit, cancellationToken);
        }

        var normalized = SearchText.Normalize(trimmed);
        if (normalized.Length == 0)
        {
            return [];
        }
        var word = " " + normalized;
        var compact = SearchText.Compact(normalized);
        var byName = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.SearchName.Contains(normalized) || c.CompactName.Contains(compact))
            .Where(c => departementCode == null || c.DepartementCode == departementCode)
            .Select(c => new
            {
                c.Code,
                Rank = c.SearchName == normalized || c.CompactName == compact ? 0
                    : c.SearchName.StartsWith(normalized) || c.CompactName.StartsWith(compact) ? 1
                    : c.SearchName.Contains(word) ? 2
                    : 3,
                Population = c.Population ?? -1,
                c.SearchName,
            })
            .OrderBy(c => c.Rank).ThenByDescending(c => c.Population).ThenBy(c => c.SearchName).ThenBy(c => c.Code)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var ranked = byName.Select(c => (c.Code, c.Rank, c.Population)).ToList();

        // Former names (communes déléguées, associées) lead to today's commune, after equally good direct matches.
        if (ranked.Count < limit || ranked.Any(r => r.Rank > 0))
        {
            var byFormerName = await db.Set<CommuneAlias>().AsNoTracking()
                .Where(a => a.SearchName != null && (a.SearchName == normalized || a.SearchName.StartsWith(normalized)))
                .Where(a => departementCode == null || a.Commune!.DepartementCode == departementCode)
                .Select(a => new { a.CommuneCode, Rank = a.SearchName == normalized ? 0 : 1, Population = a.Commune!.Population ?? -1 })
                .OrderBy(a => a.Rank).ThenByDescending(a => a.Population)
                .Take(limit)
                .ToListAsync(cancellationToken);
            foreach (var alias in byFormerName.Where(a => ranked.All(r => r.Code != a.CommuneCode)))
            {
                // Ranked just behind direct matches of the same quality.
                ranked.Add((alias.CommuneCode, alias.Rank + 1, alias.Population));
            }
            ranked = ranked.OrderBy(r => r.Rank).ThenByDescending(r => r.Population).DistinctBy(r => r.Code).Take(limit).ToList();
        }

        return await queries.CommuneDetailsInOrderAsync([.. ranked.Select(r => r.Code)], cancellationToken);
    }

    /// <summary>An INSEE code first (or a former code leading to today's commune), then the communes of a postal code.</summary>
    private async Task<List<CommuneDetails>> SearchByCodeAsync(string code, string? departementCode, int limit, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        if (await db.Set<Commune>().AnyAsync(c => c.Code == code, cancellationToken))
        {
            codes.Add(code);
        }
        codes.AddRange(await db.Set<CommuneAlias>().Where(a => a.Code == code && a.CommuneCode != code)
            .OrderByDescending(a => a.Commune!.Population ?? -1).Select(a => a.CommuneCode).ToListAsync(cancellationToken));
        codes.AddRange(await db.Set<CommunePostalCode>().Where(p => p.PostalCode == code)
            .Join(db.Set<Commune>(), p => p.CommuneCode, c => c.Code, (p, c) => c)
            .OrderBy(c => c.Kind).ThenByDescending(c => c.Population ?? -1)
            .Select(c => c.Code).ToListAsync(cancellationToken));
        var details = await queries.CommuneDetailsInOrderAsync([.. codes.Distinct()], cancellationToken);
        return [.. details.Where(d => departementCode is null || d.Departement.Code == departementCode).Take(limit)];
    }

    /// <summary>Five characters that look like an INSEE or postal code (Corsica: 2A/2B).</summary>
    [GeneratedRegex("^(?:[0-9]{5}|2[AaBb][0-9]{3})$")]
    private static partial Regex CodePattern();
}
