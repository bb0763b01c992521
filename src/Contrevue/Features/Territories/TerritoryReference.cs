using System.Diagnostics.CodeAnalysis;
using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Territories;

[Seam]
public enum TerritoryKind
{
    Commune = 0,
    Departement = 1,
    Region = 2,
    Epci = 3,
}

/// <summary>
/// A territory named in an API: <c>42218</c> or <c>commune:42218</c>, <c>departement:42</c>,
/// <c>region:84</c>, <c>epci:200000172</c>. The kind is explicit because codes of different kinds
/// overlap (région 84 and département 84).
/// </summary>
[Seam]
public readonly record struct TerritoryReference(TerritoryKind Kind, string Code)
{
    public override string ToString() => $"{Prefix(Kind)}:{Code}";

    public static string Prefix(TerritoryKind kind) => kind switch
    {
        TerritoryKind.Departement => "departement",
        TerritoryKind.Region => "region",
        TerritoryKind.Epci => "epci",
        _ => "commune",
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out TerritoryReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }
        var parts = text.Trim().Split(':', 2);
        TerritoryKind? parsedKind = parts.Length == 1 ? TerritoryKind.Commune : parts[0].ToLowerInvariant() switch
        {
            "commune" => TerritoryKind.Commune,
            "departement" or "département" => TerritoryKind.Departement,
            "region" or "région" => TerritoryKind.Region,
            "epci" => TerritoryKind.Epci,
            _ => null,
        };
        if (parsedKind is not { } kind)
        {
            return false;
        }
        var code = parts[^1];
        code = code.Trim().ToUpperInvariant();
        var valid = kind switch
        {
            TerritoryKind.Commune => code.Length == 5 && code.All(char.IsAsciiLetterOrDigit),
            TerritoryKind.Departement => code.Length is 2 or 3 && code.All(char.IsAsciiLetterOrDigit),
            TerritoryKind.Region => code.Length is 2 or 3 && code.All(char.IsAsciiDigit),
            TerritoryKind.Epci => code.Length == 9 && code.All(char.IsAsciiDigit),
            _ => false,
        };
        if (!valid)
        {
            return false;
        }
        reference = new TerritoryReference(kind, code);
        return true;
    }
}

[Seam]
public static class TerritoryReferenceQueries
{
    /// <summary>The name of the territory, or null when no such territory exists.</summary>
    public static async Task<string?> NameOfAsync(this ContrevueDbContext db, TerritoryReference reference, CancellationToken cancellationToken) =>
        reference.Kind switch
        {
            TerritoryKind.Commune => await db.Set<Commune>().Where(c => c.Code == reference.Code).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken),
            TerritoryKind.Departement => await db.Set<Departement>().Where(d => d.Code == reference.Code).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken),
            TerritoryKind.Region => await db.Set<Region>().Where(r => r.Code == reference.Code).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken),
            TerritoryKind.Epci => await db.Set<Epci>().Where(e => e.Siren == reference.Code).Select(e => e.Name).FirstOrDefaultAsync(cancellationToken),
            _ => null,
        };
}
