namespace Contrevue.Features.Territories.Mentions;

/// <summary>A territory the index can suggest, with what resolving homonyms needs.</summary>
internal sealed record MentionPlace(
    TerritoryKind Kind,
    string Code,
    string Name,
    string DepartementCode,
    string RegionCode,
    int Population,
    IReadOnlyList<string> PostalCodes)
{
    /// <summary>The territory reference of the API: a bare INSEE code for a commune, <c>departement:93</c>, <c>region:84</c>.</summary>
    public string Reference { get; } = Kind == TerritoryKind.Commune ? Code : new TerritoryReference(Kind, Code).ToString();
}

/// <summary>How a name of the index may be written in a text.</summary>
internal enum VariantForm
{
    /// <summary>The official name (or a former one, of a commune déléguée or associée).</summary>
    Name,
    /// <summary>"Havre" of Le Havre, only after "au" or "du".</summary>
    AfterAuOrDu,
    /// <summary>"Mureaux" of Les Mureaux, only after "aux" or "des".</summary>
    AfterAuxOrDes,
    /// <summary>A nickname, short form or abbreviation of <see cref="MentionNicknames"/>: "Sainté", "Vitry", "AURA".</summary>
    Nickname,
}

/// <summary>
/// One way of writing one territory: which of its words must start with a capital in the text, and for
/// a spelling that only counts as written ("AURA", "Sainté"), that spelling.
/// </summary>
internal sealed record MentionVariant(MentionPlace Place, VariantForm Form, bool[] Capitals, string? ExactSpelling, bool LeadingArticle);
