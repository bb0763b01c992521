using Contrevue.Data;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Contrevue.Features.Territories.Places;

/// <summary>Where a point was placed: its commune and département; <paramref name="Approximate"/> when by the nearest centre.</summary>
[Seam]
public sealed record CommunePlacement(string CommuneCode, string DepartementCode, bool Approximate);

/// <summary>
/// Places points (cameras, demo data) in communes: inside a loaded contour when one covers the point,
/// else at the nearest commune centre (within the département when the caller knows it). Loaded once
/// per import; lookups go through coarse grids, so 100,000 points are placed in seconds. Contours are
/// parsed lazily, the first time a point falls in their bounding box, so memory grows with the
/// contours actually touched rather than with the whole of France.
/// </summary>
[Seam]
public sealed class CommuneLocator
{
    private const double CellDegrees = 0.1;
    /// <summary>Centres are sparser than contours' boxes (GeoNames has a quarter of the communes): bigger cells, fewer empty rings.</summary>
    private const double CentreCellDegrees = 0.25;
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly List<ContourEntry> _contours;
    private readonly Dictionary<(int, int), List<int>> _contourCells = [];
    private readonly List<CentreEntry> _centres;
    private readonly Dictionary<(int, int), List<int>> _centreCells = [];
    private readonly Dictionary<string, List<int>> _centresByDepartement = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, Task<string?>>? _loadGeometry;

    private CommuneLocator(List<ContourEntry> contours, List<CentreEntry> centres, Func<string, CancellationToken, Task<string?>>? loadGeometry)
    {
        _contours = contours;
        _centres = centres;
        _loadGeometry = loadGeometry;
        for (var i = 0; i < contours.Count; i++)
        {
            var c = contours[i];
            for (var x = Cell(c.MinLongitude); x <= Cell(c.MaxLongitude); x++)
            {
                for (var y = Cell(c.MinLatitude); y <= Cell(c.MaxLatitude); y++)
                {
                    Add(_contourCells, (x, y), i);
                }
            }
        }
        for (var i = 0; i < centres.Count; i++)
        {
            Add(_centreCells, (CentreCell(centres[i].Longitude), CentreCell(centres[i].Latitude)), i);
            if (!_centresByDepartement.TryGetValue(centres[i].DepartementCode, out var list))
            {
                _centresByDepartement[centres[i].DepartementCode] = list = [];
            }
            list.Add(i);
        }
    }

    public int ContourCount => _contours.Count;
    public int CentreCount => _centres.Count;

    /// <summary>Reads the communes' centres and the contours' bounding boxes (not their geometries, read on demand).</summary>
    public static async Task<CommuneLocator> LoadAsync(ContrevueDbContext db, CancellationToken cancellationToken)
    {
        var communes = await db.Set<Commune>().AsNoTracking()
            .Where(c => c.Kind == CommuneKind.Commune)
            .Select(c => new { c.Code, c.DepartementCode, c.CentreLatitude, c.CentreLongitude })
            .ToListAsync(cancellationToken);
        var departementOf = communes.ToDictionary(c => c.Code, c => c.DepartementCode, StringComparer.Ordinal);
        var centres = communes
            .Where(c => c.CentreLatitude != null && c.CentreLongitude != null)
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new CentreEntry(c.Code, c.DepartementCode, c.CentreLatitude!.Value, c.CentreLongitude!.Value))
            .ToList();
        var boxes = await db.Set<CommuneContour>().AsNoTracking()
            .Select(c => new { c.CommuneCode, c.MinLongitude, c.MinLatitude, c.MaxLongitude, c.MaxLatitude })
            .ToListAsync(cancellationToken);
        var contours = boxes
            .Where(b => departementOf.ContainsKey(b.CommuneCode))
            .OrderBy(b => b.CommuneCode, StringComparer.Ordinal)
            .Select(b => new ContourEntry(b.CommuneCode, departementOf[b.CommuneCode], b.MinLongitude, b.MinLatitude, b.MaxLongitude, b.MaxLatitude))
            .ToList();
        return new CommuneLocator(contours, centres, async (code, token) =>
            await db.Set<CommuneContour>().AsNoTracking().Where(c => c.CommuneCode == code).Select(c => c.GeometryJson).FirstOrDefaultAsync(token));
    }

    /// <summary>For tests and tools that hold their centres in memory.</summary>
    public static CommuneLocator FromCentres(IEnumerable<(string CommuneCode, string DepartementCode, double Latitude, double Longitude)> centres) =>
        new([], centres.Select(c => new CentreEntry(c.CommuneCode, c.DepartementCode, c.Latitude, c.Longitude)).ToList(), null);

    /// <summary>The commune the point stands in, or null when nothing is loaded to place it.</summary>
    public async ValueTask<CommunePlacement?> LocateAsync(double latitude, double longitude, string? departementCode, CancellationToken cancellationToken)
    {
        if (_contourCells.TryGetValue((Cell(longitude), Cell(latitude)), out var candidates))
        {
            Point? point = null;
            foreach (var index in candidates)
            {
                var contour = _contours[index];
                if (longitude < contour.MinLongitude || longitude > contour.MaxLongitude || latitude < contour.MinLatitude || latitude > contour.MaxLatitude)
                {
                    continue;
                }
                if (contour.Prepared is null && !contour.Unreadable)
                {
                    await LoadContourAsync(contour, cancellationToken);
                }
                point ??= Factory.CreatePoint(new Coordinate(longitude, latitude));
                if (contour.Prepared is not null && contour.Prepared.Covers(point))
                {
                    return new CommunePlacement(contour.CommuneCode, contour.DepartementCode, Approximate: false);
                }
            }
        }
        var nearest = departementCode is not null && _centresByDepartement.TryGetValue(departementCode, out var inDepartement)
            ? NearestAmong(inDepartement, latitude, longitude)
            : Nearest(latitude, longitude);
        return nearest is null ? null : new CommunePlacement(nearest.CommuneCode, nearest.DepartementCode, Approximate: true);
    }

    private async Task LoadContourAsync(ContourEntry contour, CancellationToken cancellationToken)
    {
        var json = _loadGeometry is null ? null : await _loadGeometry(contour.CommuneCode, cancellationToken);
        var geometry = json is null ? null : ContourGeometry.TryRead(json);
        if (geometry is null)
        {
            contour.Unreadable = true;
            return;
        }
        contour.Prepared = PreparedGeometryFactory.Prepare(geometry);
    }

    private CentreEntry? NearestAmong(List<int> indexes, double latitude, double longitude)
    {
        CentreEntry? best = null;
        var bestDistance = double.MaxValue;
        foreach (var index in indexes)
        {
            var distance = Distance(_centres[index], latitude, longitude);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (_centres[index], distance);
            }
        }
        return best;
    }

    /// <summary>Rings of grid cells around the point, until a ring lies farther than the best centre found.</summary>
    private CentreEntry? Nearest(double latitude, double longitude)
    {
        if (_centres.Count == 0)
        {
            return null;
        }
        var (cx, cy) = (CentreCell(longitude), CentreCell(latitude));
        CentreEntry? best = null;
        var bestDistance = double.MaxValue;
        // Beyond 160 rings (40°) every French centre has been seen from anywhere near France: fall back to a scan.
        for (var ring = 0; ring <= 160; ring++)
        {
            foreach (var (x, y) in Ring(cx, cy, ring))
            {
                if (!_centreCells.TryGetValue((x, y), out var indexes))
                {
                    continue;
                }
                foreach (var index in indexes)
                {
                    var distance = Distance(_centres[index], latitude, longitude);
                    if (distance < bestDistance)
                    {
                        (best, bestDistance) = (_centres[index], distance);
                    }
                }
            }
            // A centre in ring r+1 is at least r cells away in degrees (longitude shrunk by cos(latitude) at most).
            if (best is not null && Math.Sqrt(bestDistance) < ring * CentreCellDegrees * Math.Cos(latitude * Math.PI / 180))
            {
                return best;
            }
        }
        return best ?? NearestAmong([.. Enumerable.Range(0, _centres.Count)], latitude, longitude);
    }

    /// <summary>Squared equirectangular distance in degrees of latitude: right for ranking neighbours.</summary>
    private static double Distance(CentreEntry centre, double latitude, double longitude)
    {
        var dx = (centre.Longitude - longitude) * Math.Cos(latitude * Math.PI / 180);
        var dy = centre.Latitude - latitude;
        return dx * dx + dy * dy;
    }

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    private static int CentreCell(double degrees) => (int)Math.Floor(degrees / CentreCellDegrees);

    /// <summary>The cells at Chebyshev distance <paramref name="ring"/> from (cx, cy): its perimeter only.</summary>
    private static IEnumerable<(int X, int Y)> Ring(int cx, int cy, int ring)
    {
        if (ring == 0)
        {
            yield return (cx, cy);
            yield break;
        }
        for (var x = cx - ring; x <= cx + ring; x++)
        {
            yield return (x, cy - ring);
            yield return (x, cy + ring);
        }
        for (var y = cy - ring + 1; y <= cy + ring - 1; y++)
        {
            yield return (cx - ring, y);
            yield return (cx + ring, y);
        }
    }

    private static void Add(Dictionary<(int, int), List<int>> cells, (int, int) key, int index)
    {
        if (!cells.TryGetValue(key, out var list))
        {
            cells[key] = list = [];
        }
        list.Add(index);
    }

    private sealed record CentreEntry(string CommuneCode, string DepartementCode, double Latitude, double Longitude);

    private sealed class ContourEntry(string communeCode, string departementCode, double minLongitude, double minLatitude, double maxLongitude, double maxLatitude)
    {
        public string CommuneCode { get; } = communeCode;
        public string DepartementCode { get; } = departementCode;
        public double MinLongitude { get; } = minLongitude;
        public double MinLatitude { get; } = minLatitude;
        public double MaxLongitude { get; } = maxLongitude;
        public double MaxLatitude { get; } = maxLatitude;
        public IPreparedGeometry? Prepared { get; set; }
        public bool Unreadable { get; set; }
    }
}
