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

    private static int CellOf(double x, double y) =>
        Math.Clamp((int)(y * GridSize), 0, GridSize - 1) * GridSize + Math.Clamp((int)(x * GridSize), 0, GridSize - 1);
}
