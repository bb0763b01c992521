namespace Contrevue.Features.Carte.Tiles;

/// <summary>Longitude/latitude to the unit square of Web Mercator (x east, y south, both in [0, 1)) and back.</summary>
public static class WebMercator
{
    public const double MaxLatitude = 85.05112878;

    public static double X(double longitude) => Math.Clamp((longitude + 180.0) / 360.0, 0, 1 - 1e-12);

    public static double Y(double latitude)
    {
        var radians = Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * Math.PI / 180.0;
        return Math.Clamp((1 - Math.Log(Math.Tan(radians) + 1 / Math.Cos(radians)) / Math.PI) / 2, 0, 1 - 1e-12);
    }

    public static double Longitude(double x) => x * 360.0 - 180.0;

    public static double Latitude(double y) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * y))) * 180.0 / Math.PI;
}
