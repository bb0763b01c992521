using Contrevue.Infrastructure.Text;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Vendors;

/// <summary>What one end of a vendor-graph edge names.</summary>
public abstract record VendorNode
{
    /// <summary>"ville de Saint-Etienne": exactly one commune of that name.</summary>
    public sealed record Commune(string Code, string Name) : VendorNode;

    /// <summary>Any organisation, found or created by its name in <see cref="SearchText"/> form.</summary>
    public sealed record Organisation(string MatchName) : VendorNode;

    /// <summary>A commune name that matches no commune, or several: a person decides.</summary>
    public sealed record Unresolved(string Reason) : VendorNode;
}

/// <summary>A commune a name may designate.</summary>
public sealed record CommuneCandidate(string Code, string Name, string DepartementCode, CommuneKind Kind)
{
    public string Label => $"{Name} ({DepartementCode})";
}

/// <summary>
/// Tells communes from organisations in the vendor graph: a node written "ville de X", "commune de X",
/// "mairie de X" (or "d'X", "du X", "des X") names a commune, matched by name the way the search
/// matches it (accents, case, hyphens and "St" do not matter; former names of communes déléguées lead
/// to today's commune). A département code at the end ("Saint-Denis (93)") narrows the choice.
/// Everything else is an organisation.
/// </summary>
public sealed class CommuneNameIndex
{
    private static readonly (string Prefix, string Article)[] CommunePrefixes =
    [
        ("ville de ", ""), ("commune de ", ""), ("mairie de ", ""),
        ("ville d ", ""), ("commune d ", ""), ("mairie d ", ""),
        ("ville du ", "le "), ("commune du ", "le "), ("mairie du ", "le "),
        ("ville des ", "les "), ("commune des ", "les "), ("mairie des ", "les "),
    ];

    private readonly Dictionary<string, List<CommuneCandidate>> _byCompactName;
    private readonly Dictionary<string, List<CommuneCandidate>> _byFormerName;

    private CommuneNameIndex(Dictionary<string, List<CommuneCandidate>> byCompactName, Dictionary<string, List<CommuneCandidate>> byFormerName)
    {
        _byCompactName = byCompactName;
        _byFormerName = byFormerName;
    }

    /// <summary>Every commune and former name, for an import (about 40,000 rows, read once).</summary>
    public static Task<CommuneNameIndex> LoadAllAsync(ContrevueDbContext db, CancellationToken cancellationToken) =>
        LoadAsync(db, null, cancellationToken);

    /// <summary>Only the communes the given nodes may name: for a page that shows a few of them.</summary>
    public static Task<CommuneNameIndex> LoadForAsync(ContrevueDbContext db, IEnumerable<string> nodes, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (CommuneNameOf(node) is (var name, var departement))
            {
                names.Add(name);
                if (departement is not null)
                {
                    names.Add($"{name} {departement.ToLowerInvariant()}");
                }
            }
        }
        return LoadAsync(db, names, cancellationToken);
    }

    private static async Task<CommuneNameIndex> LoadAsync(ContrevueDbContext db, HashSet<string>? names, CancellationToken cancellationToken)
    {
        var communes = db.Set<Commune>().AsNoTracking();
        var aliases = db.Set<CommuneAlias>().AsNoTracking().Where(a => a.SearchName != null);
        if (names is not null)
        {
            var compacts = names.Select(SearchText.Compact).ToList();
            communes = communes.Where(c => compacts.Contains(c.CompactName));
            aliases = aliases.Where(a => names.Contains(a.SearchName!));
        }
        var direct = await communes
            .Select(c => new { c.CompactName, Candidate = new CommuneCandidate(c.Code, c.Name, c.DepartementCode, c.Kind) })
            .ToListAsync(cancellationToken);
        var former = await aliases
            .Join(db.Set<Commune>(), a => a.CommuneCode, c => c.Code, (a, c) => new { a.SearchName, Candidate = new CommuneCandidate(c.Code, c.Name, c.DepartementCode, c.Kind) })
            .ToListAsync(cancellationToken);
        return new CommuneNameIndex(
            direct.GroupBy(d => d.CompactName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(d => d.Candidate).ToList(), StringComparer.Ordinal),
            former.GroupBy(f => SearchText.Compact(f.SearchName!), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Candidate).DistinctBy(c => c.Code).ToList(), StringComparer.Ordinal));
    }

    /// <summary>
    /// The commune name a node gives ("ville de Saint-Denis (93)" → "saint denis", "93"), in
    /// <see cref="SearchText"/> form, or null when the node does not name a commune.
    /// </summary>
    public static (string Name, string? Departement)? CommuneNameOf(string node)
    {
        var normalized = SearchText.Normalize(node);
        foreach (var (prefix, article) in CommunePrefixes)
        {
            if (normalized.StartsWith(prefix, StringComparison.Ordinal) && normalized.Length > prefix.Length)
            {
                var name = article + normalized[prefix.Length..];
                var lastSpace = name.LastIndexOf(' ');
                if (lastSpace > 0 && IsDepartementCode(name[(lastSpace + 1)..]))
                {
                    return (name[..lastSpace], name[(lastSpace + 1)..].ToUpperInvariant());
                }
                return (name, null);
            }
        }
        return null;
    }

    public VendorNode Resolve(string node)
    {
        if (CommuneNameOf(node) is not (var name, var departement))
        {
            return new VendorNode.Organisation(SearchText.Normalize(node));
        }
        var candidates = Candidates(name, departement);
        if (candidates.Count == 0 && departement is not null)
        {
            // The number was part of the name after all, or the hint is wrong: say so rather than guess.
            var whole = Candidates($"{name} {departement.ToLowerInvariant()}", null);
            if (whole.Count > 0)
            {
                candidates = whole;
                departement = null;
            }
        }
        return candidates.Count switch
        {
            1 => new VendorNode.Commune(candidates[0].Code, candidates[0].Name),
            0 when departement is not null => new VendorNode.Unresolved($"aucune commune de ce nom dans le département {departement}"),
            0 => new VendorNode.Unresolved("aucune commune de ce nom"),
            _ => new VendorNode.Unresolved($"plusieurs communes de ce nom : {string.Join(", ", candidates.Select(c => c.Label))}"),
        };
    }

    /// <summary>
    /// Today's communes of that name: communes first, municipal arrondissements only when no commune has
    /// the name, former names (communes déléguées, associées) only when no current one has it.
    /// </summary>
    public List<CommuneCandidate> Candidates(string normalizedName, string? departement)
    {
        var compact = SearchText.Compact(normalizedName);
        var direct = Filter(_byCompactName.GetValueOrDefault(compact), departement);
        var communes = direct.Where(c => c.Kind == CommuneKind.Commune).ToList();
        var found = communes.Count > 0 ? communes : direct;
        if (found.Count == 0)
        {
            found = Filter(_byFormerName.GetValueOrDefault(compact), departement);
        }
        return [.. found.DistinctBy(c => c.Code).OrderBy(c => c.DepartementCode, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal)];
    }

    private static List<CommuneCandidate> Filter(List<CommuneCandidate>? candidates, string? departement) =>
        candidates is null ? [] : [.. candidates.Where(c => departement is null || c.DepartementCode == departement)];

    /// <summary>01–95 (no 20), 2A, 2B, 971–976: the codes a writer adds after a commune's name.</summary>
    private static bool IsDepartementCode(string token) => token.Length switch
    {
        2 when token is "2a" or "2b" => true,
        2 => int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 95 && n != 20,
        3 => int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 971 and <= 976,
        _ => false,
    };
}
