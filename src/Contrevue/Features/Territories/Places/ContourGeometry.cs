using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Contrevue.Features.Territories.Places;

/// <summary>Reads and writes the GeoJSON geometries of commune contours (Polygon, MultiPolygon; WGS 84).</summary>
public static class ContourGeometry
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static JsonSerializerOptions SerializerOptions { get; } = new() { Converters = { new GeoJsonConverterFactory(Factory) } };

    /// <summary>The polygonal geometry, or null when the text is no readable Polygon or MultiPolygon.</summary>
    public static Geometry? TryRead(string json)
    {
        try
        {
            var geometry = JsonSerializer.Deserialize<Geometry>(json, SerializerOptions);
            return geometry is Polygon or MultiPolygon && !geometry.IsEmpty ? geometry : null;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    public static string Write(Geometry geometry) => JsonSerializer.Serialize(geometry, SerializerOptions);
}
