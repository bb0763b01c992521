using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.Carte.Tiles;

/// <summary>A rendered tile and the tag that names its bytes.</summary>
public sealed record RenderedTile(byte[] Bytes, string ETag);

/// <summary>What a box of the map holds: how many points, the first ones by label, and where they all lie.</summary>
public sealed record VisiblePoints(int Total, IReadOnlyList<MapPoint> Items, double[]? Bounds);

/// <summary>
/// The map's memory, shared by every request: one snapshot per layer, rebuilt when the layer's version
/// changes, and the rendered tiles in a bounded cache whose keys carry that version, so an edit makes the
/// old tiles unreachable at once and they age out.
/// </summary>
public sealed class MapTiles(IOptionsMonitor<CarteOptions> options, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, LayerSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Version, DateTimeOffset CheckedAt)> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _builds = new(StringComparer.Ordinal);
    private readonly MemoryCache _tiles = new(new MemoryCacheOptions { SizeLimit = options.CurrentValue.TileCacheBytes, CompactionPercentage = 0.25 });

    public async Task<string> VersionAsync(IMapLayer layer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_versions.TryGetValue(layer.Code, out var known) && now - known.CheckedAt < options.CurrentValue.VersionCheckInterval)
        {
            return known.Version;
        }
        var version = await layer.VersionAsync(cancellationToken);
        _versions[layer.Code] = (version, now);
        return version;
    }

    public async Task<LayerSnapshot> SnapshotAsync(IMapLayer layer, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(layer, cancellationToken);
        if (_snapshots.TryGetValue(layer.Code, out var snapshot) && snapshot.Version == version)
        {
            return snapshot;
        }
        var gate = _builds.GetOrAdd(layer.Code, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshots.TryGetValue(layer.Code, out snapshot) && snapshot.Version == version)
            {
                return snapshot;
            }
            snapshot = new LayerSnapshot(version, await layer.PointsAsync(cancellationToken));
            _snapshots[layer.Code] = snapshot;
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<RenderedTile> TileAsync(IMapLayer layer, PointFilter filter, int z, int x, int y, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(layer, cancellationToken);
        var key = $"{layer.Code}|{snapshot.Version}|{filter.Key}|{z}/{x}/{y}";
        if (_tiles.TryGetValue(key, out RenderedTile? cached) && cached is not null)
        {
            return cached;
        }
        var bytes = TileRenderer.Render(snapshot, layer.Code, filter, z, x, y);
        var tile = new RenderedTile(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24]}\"");
        _tiles.Set(key, tile, new MemoryCacheEntryOptions { Size = bytes.Length + key.Length * 2 + 64 });
        return tile;
    }

    /// <summary>The points of a box (west, south, east, north) that the filter keeps: their count, the first <paramref name="max"/> by label, their bounds.</summary>
    public async Task<VisiblePoints> VisibleAsync(IMapLayer layer, PointFilter filter, double[]? box, int max, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(layer, cancellationToken);
        double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
        if (box is [var west, var south, var east, var north])
        {
            (x0, x1) = (WebMercator.X(west), WebMercator.X(east));
            (y0, y1) = (WebMercator.Y(north), WebMercator.Y(south));
        }
        return snapshot.Window(x0, y0, x1, y1, filter, max);
    }

    /// <summary>How many points of the layer the filter keeps in each département (points without one are left out).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByDepartementAsync(IMapLayer layer, PointFilter filter, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(layer, cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        snapshot.Visit(0, 0, 1, 1, filter, (point, _, _) =>
        {
            if (point.DepartementCode is { } code)
            {
                counts[code] = counts.GetValueOrDefault(code) + 1;
            }
        });
        return counts;
    }

    public void Dispose()
    {
        _tiles.Dispose();
        foreach (var gate in _builds.Values)
        {
            gate.Dispose();
        }
    }
}
