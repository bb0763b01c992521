using System.Globalization;

namespace Contrevue.Features.Carte.Tiles;

/// <summary>
/// One version of a layer's points, projected once and sorted by the cell of a 256 × 256 grid (a zoom-8
/// tile each), with the offset of every cell: a tile or a box reads only the cells it covers, so its cost
/// follows the points it shows, not the layer's size.
/// </summary>
public sealed class LayerSnapshot
{
    public const int GridZoom = 8;
    private const int GridSize = 1 << GridZoom;

    private readonly MapPoint[] _points;
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly int[] _cellStart;
    /// <summary>Each point's place in French alphabetical order of labels (then by id), by its index above.</summary>
    private readonly int[] _labelRank;

    public LayerSnapshot(string version, IReadOnlyList<MapPoint> points)
    {
        Version = version;
        var cells = new int[points.Count];
        var order = new int[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            cells[i] = CellOf(WebMercator.X(points[i].Longitude), WebMercator.Y(points[i].Latitude));
            order[i] = i;
        }
        Array.Sort(cells, order);
        _points = new MapPoint[points.Count];
        _x = new double[points.Count];
        _y = new double[points.Count];
        _cellStart = new int[GridSize * GridSize + 1];
        for (var i = 0; i < order.Length; i++)
        {
            var point = points[order[i]];
            _points[i] = point;
            _x[i] = WebMercator.X(point.Longitude);
            _y[i] = WebMercator.Y(point.Latitude);
            _cellStart[cells[i] + 1]++;
        }
        for (var c = 0; c < GridSize * GridSize; c++)
        {
            _cellStart[c + 1] += _cellStart[c];
        }
        // Ranked once here, so that listing the first labels of a box compares integers, not strings in
        // French order (measured: that comparison made most of /carte's cost with 100,000 cameras).
        var french = CultureInfo.GetCultureInfo("fr-FR").CompareInfo;
        var keys = _points.Select(p => french.GetSortKey(p.Label, CompareOptions.IgnoreCase)).ToArray();
        var byLabel = Enumerable.Range(0, _points.Length).ToArray();
        Array.Sort(byLabel, (a, b) =>
        {
            var compared = SortKey.Compare(keys[a], keys[b]);
            return compared != 0 ? compared : _points[a].Id.CompareTo(_points[b].Id);
        });
        _labelRank = new int[_points.Length];
        for (var rank = 0; rank < byLabel.Length; rank++)
        {
            _labelRank[byLabel[rank]] = rank;
        }
    }

    public string Version { get; }

    public int Count => _points.Length;

    /// <summary>
    /// Calls <paramref name="visit"/> with every point in [x0, x1) × [y0, y1) of the unit square that
    /// <paramref name="filter"/> keeps, cell by cell.
    /// </summary>
    public void Visit(double x0, double y0, double x1, double y1, PointFilter filter, Action<MapPoint, double, double> visit)
    {
        var cx0 = Math.Clamp((int)(x0 * GridSize), 0, GridSize - 1);
        var cx1 = Math.Clamp((int)Math.Ceiling(x1 * GridSize) - 1, 0, GridSize - 1);
        var cy0 = Math.Clamp((int)(y0 * GridSize), 0, GridSize - 1);
        var cy1 = Math.Clamp((int)Math.Ceiling(y1 * GridSize) - 1, 0, GridSize - 1);
        for (var cy = cy0; cy <= cy1; cy++)
        {
            // Cells of one row are contiguous in the sorted arrays.
            var start = _cellStart[cy * GridSize + cx0];
            var end = _cellStart[cy * GridSize + cx1 + 1];
            for (var i = start; i < end; i++)
            {
                var x = _x[i];
                var y = _y[i];
                if (x >= x0 && x < x1 && y >= y0 && y < y1 && (filter.IsEmpty || filter.Matches(_points[i])))
                {
                    visit(_points[i], x, y);
                }
            }
        }
    }

    /// <summary>
    /// The points of the box that the filter keeps: how many, the first <paramref name="max"/> in French
    /// alphabetical order of labels, and the bounds of them all (west, south, east, north), or null when none.
    /// </summary>
    public VisiblePoints Window(double x0, double y0, double x1, double y1, PointFilter filter, int max)
    {
        var cx0 = Math.Clamp((int)(x0 * GridSize), 0, GridSize - 1);
        var cx1 = Math.Clamp((int)Math.Ceiling(x1 * GridSize) - 1, 0, GridSize - 1);
        var cy0 = Math.Clamp((int)(y0 * GridSize), 0, GridSize - 1);
        var cy1 = Math.Clamp((int)Math.Ceiling(y1 * GridSize) - 1, 0, GridSize - 1);
        var total = 0;
        // The best ranks so far, sorted: a bounded window whatever the count.
        var best = new List<int>(max + 1);
        var byRank = Comparer<int>.Create((a, b) => _labelRank[a].CompareTo(_labelRank[b]));
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        for (var cy = cy0; cy <= cy1; cy++)
        {
            var start = _cellStart[cy * GridSize + cx0];
            var end = _cellStart[cy * GridSize + cx1 + 1];
            for (var i = start; i < end; i++)
            {
                var (x, y) = (_x[i], _y[i]);
                if (x < x0 || x >= x1 || y < y0 || y >= y1 || (!filter.IsEmpty && !filter.Matches(_points[i])))
                {
                    continue;
                }
                total++;
                var point = _points[i];
                (minLon, maxLon) = (Math.Min(minLon, point.Longitude), Math.Max(maxLon, point.Longitude));
                (minLat, maxLat) = (Math.Min(minLat, point.Latitude), Math.Max(maxLat, point.Latitude));
                if (max > 0 && (best.Count < max || _labelRank[i] < _labelRank[best[^1]]))
                {
                    var at = best.BinarySearch(i, byRank);
                    best.Insert(at < 0 ? ~at : at, i);
                    if (best.Count > max)
                    {
                        best.RemoveAt(best.Count - 1);
                    }
                }
            }
        }
        return new VisiblePoints(total, [.. best.Select(i => _points[i])], total == 0 ? null : [minLon, minLat, maxLon, maxLat]);
    }

    private static int CellOf(double x, double y) =>
        Math.Clamp((int)(y * GridSize), 0, GridSize - 1) * GridSize + Math.Clamp((int)(x * GridSize), 0, GridSize - 1);
}
