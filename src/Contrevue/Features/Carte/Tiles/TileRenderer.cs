using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Contrevue.Features.Carte.Tiles;

/// <summary>
/// A layer's points in one tile, as a Mapbox vector tile. Points closer than a grid cell merge into one
/// cluster (<c>point_count</c>), at every zoom: measured, clustering here keeps a tile of France at
/// zoom 5 to a few hundred features instead of 150,000, which no browser would draw smoothly. A cell of
/// one point keeps the point's own properties, its label and its path.
/// </summary>
public static class TileRenderer
{
    public const int MaxZoom = 20;
    public const uint Extent = 4096;
    /// <summary>Below this zoom a cluster cell is 1/16 of the tile (32 pixels of a 512-pixel tile); from it on, 1/128.</summary>
    public const int DetailZoom = 13;

    private static readonly GeometryFactory Geometries = new(new PrecisionModel(), 4326);

    public static bool IsValid(int z, long x, long y) =>
        z is >= 0 and <= MaxZoom && x >= 0 && y >= 0 && x < 1L << z && y < 1L << z;

    public static byte[] Render(LayerSnapshot snapshot, string layerName, PointFilter filter, int z, int x, int y)
    {
        var scale = 1.0 / (1L << z);
        var x0 = x * scale;
        var y0 = y * scale;
        var cellsPerSide = z < DetailZoom ? 16 : 128;
        var cells = new Dictionary<int, Cluster>();
        snapshot.Visit(x0, y0, x0 + scale, y0 + scale, filter, (point, px, py) =>
        {
            var cx = Math.Min((int)((px - x0) / scale * cellsPerSide), cellsPerSide - 1);
            var cy = Math.Min((int)((py - y0) / scale * cellsPerSide), cellsPerSide - 1);
            var key = cy * cellsPerSide + cx;
            if (!cells.TryGetValue(key, out var cluster))
            {
                cells[key] = cluster = new Cluster(point);
            }
            cluster.Add(px, py, point);
        });
        var layer = new Layer { Name = layerName };
        foreach (var cluster in cells.Values)
        {
            layer.Features.Add(cluster.ToFeature());
        }
        var tile = new VectorTile { TileId = new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z).Id };
        if (layer.Features.Count > 0)
        {
            tile.Layers.Add(layer);
        }
        using var stream = new MemoryStream();
        // Arguments: smallest lineal and polygonal extents kept (unused for points), then the extent.
        tile.Write(stream, 1, 2, Extent);
        return stream.ToArray();
    }

    private sealed class Cluster(MapPoint first)
    {
        private double _sumX;
        private double _sumY;
        private int _count;
        private int _alerts;

        public void Add(double x, double y, MapPoint point)
        {
            _sumX += x;
            _sumY += y;
            _count++;
            if (point.Properties.GetValueOrDefault("alert") == "oui")
            {
                _alerts++;
            }
        }

        public Feature ToFeature()
        {
            var attributes = new AttributesTable();
            if (_count == 1)
            {
                attributes.Add("id", first.Id);
                attributes.Add("label", first.Label);
                if (first.Path is not null)
                {
                    attributes.Add("path", first.Path);
                }
                foreach (var (key, value) in first.Properties)
                {
                    if (!attributes.Exists(key))
                    {
                        attributes.Add(key, value);
                    }
                }
                return new Feature(Geometries.CreatePoint(new Coordinate(first.Longitude, first.Latitude)), attributes);
            }
            attributes.Add("point_count", _count);
            attributes.Add("alert_count", _alerts);
            var centre = new Coordinate(WebMercator.Longitude(_sumX / _count), WebMercator.Latitude(_sumY / _count));
            return new Feature(Geometries.CreatePoint(centre), attributes);
        }
    }
}
