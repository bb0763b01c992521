namespace Contrevue.Features.Territories.Mentions;

/// <summary>
/// What French readers write instead of the official name: a small, explicit table, each line a choice.
/// Short forms shared by several communes ("Vitry", "Boulogne", "Aix") list them all, and the homonym rules
/// choose (a département named nearby) or leave them ambiguous. Former régions stand for the région that
/// absorbed them whole. Spellings marked exact count only as written: "AURA" but not "aura" (a verb),
/// "Sainté" but not "Sainte".
/// </summary>
internal static class MentionNicknames
{
    public sealed record Nickname(string Spelling, bool Exact, TerritoryKind Kind, string[] Codes);

    public static readonly IReadOnlyList<Nickname> All =
    [
        new("Sainté", true, TerritoryKind.Commune, ["42218"]),
        new("Vitry", false, TerritoryKind.Commune, ["94081", "51649"]),
        new("Clermont", false, TerritoryKind.Commune, ["63113"]),
        new("Saint-Ouen", false, TerritoryKind.Commune, ["93070"]),
        new("Boulogne", false, TerritoryKind.Commune, ["92012", "62160"]),
        new("Aix", false, TerritoryKind.Commune, ["13001", "73008"]),
        new("Charleville", false, TerritoryKind.Commune, ["08105"]),
        new("Châlons", false, TerritoryKind.Commune, ["51108"]),
        new("Cherbourg", false, TerritoryKind.Commune, ["50129"]),
        new("AURA", true, TerritoryKind.Region, ["84"]),
        new("PACA", true, TerritoryKind.Region, ["93"]),
        new("Paca", true, TerritoryKind.Region, ["93"]),
        new("Région Sud", false, TerritoryKind.Region, ["93"]),
        new("IDF", true, TerritoryKind.Region, ["11"]),
        new("Rhône-Alpes", false, TerritoryKind.Region, ["84"]),
        new("Auvergne", false, TerritoryKind.Region, ["84"]),
        new("Alsace", false, TerritoryKind.Region, ["44"]),
        new("Lorraine", false, TerritoryKind.Region, ["44"]),
        new("Champagne-Ardenne", false, TerritoryKind.Region, ["44"]),
        new("Picardie", false, TerritoryKind.Region, ["32"]),
        new("Nord-Pas-de-Calais", false, TerritoryKind.Region, ["32"]),
        new("Languedoc-Roussillon", false, TerritoryKind.Region, ["76"]),
        new("Midi-Pyrénées", false, TerritoryKind.Region, ["76"]),
        new("Aquitaine", false, TerritoryKind.Region, ["75"]),
        new("Limousin", false, TerritoryKind.Region, ["75"]),
        new("Poitou-Charentes", false, TerritoryKind.Region, ["75"]),
        new("Bourgogne", false, TerritoryKind.Region, ["27"]),
        new("Franche-Comté", false, TerritoryKind.Region, ["27"]),
        new("Haute-Normandie", false, TerritoryKind.Region, ["28"]),
        new("Basse-Normandie", false, TerritoryKind.Region, ["28"]),
    ];

    /// <summary>
    /// Names that are first of all something else when written with a capital: a company (Orange), the Prime
    /// Minister's residence (Matignon), people (Élisabeth Borne, Jean Castex), a Canadian city (Montréal).
    /// They count as places only with context: "à Orange", "la mairie d'Orange", "Orange (Vaucluse)", the
    /// Vaucluse named nearby.
    /// </summary>
    public static readonly IReadOnlySet<string> OtherProperNouns =
        new HashSet<string>(["orange", "matignon", "borne", "castex", "montreal", "beauvau", "mars"], StringComparer.Ordinal);
}
