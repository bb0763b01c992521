namespace Contrevue.Features.Newsletter;

/// <summary>
/// The lists one subscribes to, named by codes in the API and the forms: <c>national</c>,
/// <c>departement:42</c>, <c>collective:17</c>. A département's list exists for every département;
/// a collective's once the collective opened one (<see cref="CollectiveNewsletter"/>).
/// </summary>
public readonly record struct NewsletterList(NewsletterListKind Kind, string? Key)
{
    public const int MaxCodeLength = 40;

    public static readonly NewsletterList National = new(NewsletterListKind.National, null);

    public string Code => Kind switch
    {
        NewsletterListKind.National => "national",
        NewsletterListKind.Departement => $"departement:{Key}",
        _ => $"collective:{Key}",
    };

    public int? CollectiveId => Kind == NewsletterListKind.Collective ? int.Parse(Key!, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? DepartementCode => Kind == NewsletterListKind.Departement ? Key : null;

    public static NewsletterList Departement(string code) => new(NewsletterListKind.Departement, code);

    public static NewsletterList Collective(int id) => new(NewsletterListKind.Collective, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Reads a code's shape (not whether the département or the collective's list exists: that is the
    /// service's question). Accepts <c>departement:2a</c> for 2A.
    /// </summary>
    public static bool TryParse(string? code, out NewsletterList list)
    {
        list = default;
        if (string.IsNullOrWhiteSpace(code) || code.Length > MaxCodeLength)
        {
            return false;
        }
        code = code.Trim();
        if (code == "national")
        {
            list = National;
            return true;
        }
        var colon = code.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }
        var (kind, key) = (code[..colon], code[(colon + 1)..]);
        if (kind == "departement" && key.Length is 2 or 3 && key.All(char.IsAsciiLetterOrDigit))
        {
            list = Departement(key.ToUpperInvariant());
            return true;
        }
        if (kind == "collective" && int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            list = Collective(id);
            return true;
        }
        return false;
    }

    public override string ToString() => Code;
}

public enum NewsletterListKind
{
    National,
    Departement,
    Collective,
}

/// <summary>What a subscriber may choose to hear about; none chosen means all of them.</summary>
public static class NewsletterTopics
{
    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        ("campaign", "La campagne « Pas de VSA dans ma ville » et les réponses des mairies"),
        ("observatoire", "L'observatoire : nouveaux dossiers et alertes"),
        ("legal", "Le droit : recours, délais, décisions"),
        ("events", "Les rendez-vous des collectifs"),
    ];

    public static bool IsKnown(string code) => All.Any(t => t.Code == code);

    public static string Label(string code) => All.FirstOrDefault(t => t.Code == code).Label ?? code;

    /// <summary>Stored comma-separated, known codes only, in the order of <see cref="All"/>.</summary>
    public static string Join(IEnumerable<string> codes)
    {
        var set = codes.ToHashSet(StringComparer.Ordinal);
        return string.Join(',', All.Select(t => t.Code).Where(set.Contains));
    }

    public static IReadOnlyList<string> Split(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
