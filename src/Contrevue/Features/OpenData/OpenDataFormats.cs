namespace Contrevue.Features.OpenData;

/// <summary>The formats of a dataset's files, with their names and media types.</summary>
public static class OpenDataFormats
{
    public const string CsvSemicolon = "csv";
    public const string CsvComma = "csv-virgule";
    public const string Json = "json";
    public const string GeoJson = "geojson";

    public static string FileName(string dataset, string format) => format switch
    {
        CsvSemicolon => $"{dataset}.csv",
        CsvComma => $"{dataset}-virgule.csv",
        Json => $"{dataset}.json",
        GeoJson => $"{dataset}.geojson",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string Label(string format) => format switch
    {
        CsvSemicolon => "CSV « ; » (tableur français, UTF-8 avec BOM)",
        CsvComma => "CSV « , » (RFC 4180, UTF-8)",
        Json => "JSON",
        GeoJson => "GeoJSON (RFC 7946)",
        _ => format,
    };

    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName) switch
    {
        ".csv" => "text/csv; charset=utf-8",
        ".geojson" => "application/geo+json",
        ".json" => "application/json",
        _ => "text/plain; charset=utf-8",
    };

    public static string TypeLabel(OpenDataType type) => type switch
    {
        OpenDataType.Text => "texte libre",
        OpenDataType.WholeNumber => "entier",
        OpenDataType.Number => "décimal (point)",
        OpenDataType.Boolean => "booléen (true/false)",
        OpenDataType.Date => "date (AAAA-MM-JJ)",
        OpenDataType.DateTime => "date et heure UTC (ISO 8601)",
        OpenDataType.List => "liste de codes",
        _ => type.ToString(),
    };
}
