namespace Contrevue.Features.Kit;

/// <summary>The kit's codes (API) with their French labels (translated through the resx).</summary>
public static class KitCodes
{
    public static readonly IReadOnlyList<(string Code, string Label)> Kinds =
    [
        ("brochure", "Brochure"),
        ("poster", "Affiche"),
        ("leaflet", "Tract"),
        ("sticker", "Autocollant"),
        ("visual", "Visuel"),
        ("letter-template", "Modèle de lettre"),
        ("legal-guide", "Guide juridique"),
        ("slides", "Diaporama"),
        ("video", "Vidéo"),
        ("other", "Autre ressource"),
    ];

    /// <summary>ISO 639-1 codes of the languages the campaign's material is written in.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Languages =
    [
        ("fr", "Français"),
        ("en", "Anglais"),
        ("es", "Espagnol"),
        ("de", "Allemand"),
        ("it", "Italien"),
        ("ar", "Arabe"),
        ("br", "Breton"),
        ("oc", "Occitan"),
        ("eu", "Basque"),
        ("ca", "Catalan"),
        ("co", "Corse"),
    ];

    public const string DefaultLicence = "cc-by-sa-4.0";

    /// <summary>SPDX identifiers, lower-cased; the labels are names, the same in every language.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> Licences =
    [
        ("cc-by-sa-4.0", "CC BY-SA 4.0"),
        ("cc-by-4.0", "CC BY 4.0"),
        ("cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"),
        ("cc0-1.0", "CC0 1.0"),
        ("lal-1.3", "Licence Art Libre 1.3"),
        ("all-rights-reserved", "Tous droits réservés"),
    ];

    /// <summary>Print formats: the ISO 216 A series.</summary>
    public static readonly IReadOnlyList<string> Formats = ["A0", "A1", "A2", "A3", "A4", "A5", "A6"];

    public static bool IsKind(string? code) => Kinds.Any(k => k.Code == code);

    public static bool IsLanguage(string? code) => Languages.Any(k => k.Code == code);

    public static bool IsLicence(string? code) => Licences.Any(k => k.Code == code);

    public static string KindLabel(string code) => Kinds.FirstOrDefault(k => k.Code == code).Label ?? code;

    public static string LanguageLabel(string code) => Languages.FirstOrDefault(k => k.Code == code).Label ?? code;

    public static string LicenceLabel(string code) => Licences.FirstOrDefault(k => k.Code == code).Label ?? code;

    /// <summary>"A4" from "a4", " A4 "; null when not a known format.</summary>
    public static string? Format(string? value) =>
        Formats.FirstOrDefault(f => string.Equals(f, value?.Trim(), StringComparison.OrdinalIgnoreCase));
}
