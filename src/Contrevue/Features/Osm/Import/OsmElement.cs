namespace Contrevue.Features.Osm.Import;

/// <summary>A node read from an export, with its tags. <paramref name="Version"/> is 0 when the export carries no metadata (Overpass' plain <c>out</c>).</summary>
public sealed record OsmNode(long Id, int Version, double Latitude, double Longitude, IReadOnlyDictionary<string, string> Tags)
{
    public bool IsSurveillance => Tags.TryGetValue("man_made", out var value) && value == "surveillance";
}

/// <summary>
/// One thing a reader met in an export, in file order: a node (<paramref name="Node"/>, surveillance or not),
/// the export's timestamp (<paramref name="ExportedAt"/>), or something ignored (both null: a way, a relation).
/// </summary>
public readonly record struct OsmExportItem(OsmNode? Node, DateTime? ExportedAt)
{
    public static OsmExportItem Ignored => default;
}

/// <summary>An export that cannot be read: its message, in French, is shown to the operator.</summary>
public sealed class OsmImportException(string message) : Exception(message);

/// <summary>Which area an export covers, as <c>--area</c> names it: its nodes absent from a newer export of it are removed.</summary>
public sealed record OsmArea(string Key, OsmAreaKind Kind, string? Code)
{
    public static OsmArea Unspecified { get; } = new("fichier", OsmAreaKind.Unspecified, null);
    public static OsmArea France { get; } = new("france", OsmAreaKind.France, null);

    /// <summary><c>commune:42218</c>, <c>departement:42</c>, <c>france</c>; null when the text is none of these.</summary>
    public static OsmArea? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (text == "france")
        {
            return France;
        }
        var parts = text.Split(':', 2);
        if (parts.Length != 2)
        {
            return null;
        }
        return parts[0] switch
        {
            "commune" when IsCommuneCode(parts[1]) => new OsmArea(text, OsmAreaKind.Commune, parts[1]),
            "departement" when IsDepartementCode(parts[1]) => new OsmArea(text, OsmAreaKind.Departement, parts[1]),
            _ => null,
        };
    }

    public static bool IsCommuneCode(string code) =>
        code.Length == 5 && (code.All(char.IsAsciiDigit) || (code[0] == '2' && code[1] is 'A' or 'B' && code[2..].All(char.IsAsciiDigit)));

    public static bool IsDepartementCode(string code) =>
        code is "2A" or "2B" || (code.Length == 2 && code.All(char.IsAsciiDigit) && code != "20") || (code.Length == 3 && code.StartsWith("97", StringComparison.Ordinal) && char.IsAsciiDigit(code[2]));
}

public enum OsmAreaKind
{
    Unspecified,
    Commune,
    Departement,
    France,
}
