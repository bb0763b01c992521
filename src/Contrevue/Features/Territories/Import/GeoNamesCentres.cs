using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Territories.Import;

/// <summary>
/// Communes' centres from the vendored GeoNames gazetteer (<c>data/geonames-cities</c>, CC BY 4.0), matched
/// by normalised name and département. Refreshed by every territory import; a centre taken from a contour
/// (<see cref="CommuneCentreSource.Contour"/>) is never overwritten.
/// </summary>
public static partial class GeoNamesCentres
{
    public static string BundledFile => Path.Combine(AppContext.BaseDirectory, "data", "geonames-cities", "cities-fr.json.gz");

    public sealed record Place(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("lat")] string Latitude,
        [property: JsonPropertyName("lng")] string Longitude,
        [property: JsonPropertyName("country")] string Country,
        [property: JsonPropertyName("admin2")] string? Admin2);

    public sealed record Match(string CommuneCode, double Latitude, double Longitude);

    public static async Task<IReadOnlyList<Place>> ReadAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        return await JsonSerializer.DeserializeAsync<List<Place>>(gzip, cancellationToken: cancellationToken) ?? [];
    }

    /// <summary>
    /// The département a row stands in: <c>admin2</c> (01…95, 2A, 2B, 971…974), else its overseas country.
    /// </summary>
    public static string? DepartementOf(Place place) => place switch
    {
        { Admin2: { Length: > 0 } admin2 } => admin2,
        { Country: "YT" } => "976",
        { Country: "GF" } => "973",
        { Country: "GP" } => "971",
        { Country: "MQ" } => "972",
        { Country: "RE" } => "974",
        _ => null,
    };

    /// <summary>
    /// Pairs rows with communes (code, name, département, kind). A name found twice in a département on either
    /// side is ambiguous and left out rather than guessed. Arrondissements of Paris, Lyon and Marseille are
    /// named "Paris 10e Arrondissement", "Lyon 01", "Marseille 01" in GeoNames.
    /// </summary>
    public static List<Match> MatchCommunes(IReadOnlyList<Place> places, IEnumerable<(string Code, string Name, string DepartementCode)> communes)
    {
        var byKey = communes
            .GroupBy(c => (SearchText.Normalize(c.Name), c.DepartementCode))
            .ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First().Code : null);
        var placesByKey = new Dictionary<(string, string), List<Place>>();
        var arrondissements = new List<(string Code, Place Place)>();
        foreach (var place in places)
        {
            var departement = DepartementOf(place);
            if (departement is null)
            {
                continue;
            }
            if (ArrondissementCode(place.Name) is { } arrondissement)
            {
                arrondissements.Add((arrondissement, place));
                continue;
            }
            var key = (SearchText.Normalize(place.Name), departement);
            if (!placesByKey.TryGetValue(key, out var list))
            {
                placesByKey[key] = list = [];
            }
            list.Add(place);
        }
        var matches = new List<Match>();
        foreach (var (key, list) in placesByKey)
        {
            if (list.Count == 1 && byKey.TryGetValue(key, out var code) && code is not null && Coordinates(list[0]) is { } point)
            {
                matches.Add(new Match(code, point.Latitude, point.Longitude));
            }
        }
        var allCodes = communes.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (code, place) in arrondissements)
        {
            if (allCodes.Contains(code) && Coordinates(place) is { } point)
            {
                matches.Add(new Match(code, point.Latitude, point.Longitude));
            }
        }
        return matches;
    }

    /// <summary>Writes the matched centres, leaving alone communes whose centre comes from a contour. Returns how many were written.</summary>
    public static async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Match> matches, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "UPDATE communes SET centre_latitude = @lat, centre_longitude = @lon, centre_source = @source " +
            "WHERE code = @code AND (centre_source IS NULL OR centre_source <> @contour)";
        var latitude = Parameter(command, "@lat", 0.0);
        var longitude = Parameter(command, "@lon", 0.0);
        Parameter(command, "@source", (int)CommuneCentreSource.GeoNames);
        var code = Parameter(command, "@code", "");
        Parameter(command, "@contour", (int)CommuneCentreSource.Contour);
        await command.PrepareAsync(cancellationToken);
        var written = 0;
        foreach (var match in matches)
        {
            latitude.Value = match.Latitude;
            longitude.Value = match.Longitude;
            code.Value = match.CommuneCode;
            written += await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return written;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static (double Latitude, double Longitude)? Coordinates(Place place) =>
        double.TryParse(place.Latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) &&
        double.TryParse(place.Longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) &&
        lat is >= -90 and <= 90 && lon is >= -180 and <= 180
            ? (lat, lon)
            : null;

    /// <summary>75101…75120, 69381…69389, 13201…13216 from GeoNames' names of the arrondissements.</summary>
    public static string? ArrondissementCode(string name)
    {
        var paris = ParisArrondissement().Match(name);
        if (paris.Success)
        {
            return $"751{int.Parse(paris.Groups[1].Value, CultureInfo.InvariantCulture):00}";
        }
        var other = LyonMarseilleArrondissement().Match(name);
        if (!other.Success)
        {
            return null;
        }
        var number = int.Parse(other.Groups[2].Value, CultureInfo.InvariantCulture);
        return other.Groups[1].Value == "Lyon" ? $"6938{number}" : $"132{number:00}";
    }

    [GeneratedRegex(@"^Paris (\d{1,2})(?:er|e) Arrondissement$")]
    private static partial Regex ParisArrondissement();

    [GeneratedRegex(@"^(Lyon|Marseille) (\d{2})$")]
    private static partial Regex LyonMarseilleArrondissement();
}
