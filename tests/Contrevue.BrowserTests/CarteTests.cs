using System.Buffers.Binary;
using System.Text;
using System.Collections.Concurrent;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Carte;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Contrevue.BrowserTests;

/// <summary>
/// The public map in Chromium: it draws, the Loire filter brings the map and the list to the Loire's
/// dossiers, panning and zooming (mouse and keyboard) asks nothing of another origin, axe finds nothing
/// serious, the page without script still lists; and a PMTiles basemap is read by byte ranges.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CarteTests(BrowserFixture fixture)
{
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static string? _marker;

    [Fact]
    public async Task The_map_draws_filters_to_the_loire_pans_and_zooms_by_mouse_and_keyboard_without_leaving_the_origin_and_is_accessible()
    {
        var marker = await SeedAsync();
        await using var watched = await fixture.OpenAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = watched.Page;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync("/carte");
        await Expect(page.Locator("#carte-interactive")).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.Locator("#carte-liste")).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.Locator(".maplibregl-canvas")).ToBeVisibleAsync();
        Assert.Contains(watched.Requests, r => r.Contains("/tuiles/dossiers/", StringComparison.Ordinal));
        Assert.Contains(watched.Requests, r => r.Contains("/lib/maplibre-gl/maplibre-gl-worker.mjs", StringComparison.Ordinal));
        // No basemap on this instance: from afar the départements' outlines give the bearings…
        await page.WaitForFunctionAsync("() => window.carteMap.querySourceFeatures('departements').length > 0");

        // The Loire: the map goes there, the list holds its dossiers and not the Haute-Loire's.
        await page.Locator("#filtre-departement").SelectOptionAsync("42");
        var list = page.Locator(".carte-liste__couche[data-layer=dossiers]");
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = $"{marker} Montbrison — Montbrison" })).ToBeVisibleAsync();
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = $"{marker} Saint-Étienne — Saint-Étienne" })).ToBeVisibleAsync();
        await Expect(list).Not.ToContainTextAsync($"{marker} Le Puy");
        Assert.Contains("departement=42", page.Url, StringComparison.Ordinal);
        var centre = await page.EvaluateAsync<double[]>("() => { const c = window.carteMap.getCenter(); return [c.lng, c.lat]; }");
        Assert.InRange(centre[0], 3.6, 4.8);
        Assert.InRange(centre[1], 45.2, 46.2);
        var loireTiles = watched.Requests.Count(r => r.Contains("departement=42", StringComparison.Ordinal) && r.Contains("/tuiles/dossiers/", StringComparison.Ordinal));
        Assert.True(loireTiles > 0, "The tiles are asked again with the filter.");
        // …and closer, the communes' centres.
        await page.WaitForFunctionAsync("() => window.carteMap.areTilesLoaded() && window.carteMap.querySourceFeatures('communes', { sourceLayer: 'communes' }).length > 0");
        Assert.Contains(watched.Requests, r => r.EndsWith("/carte/departements.geojson", StringComparison.Ordinal));
        Assert.Contains(watched.Requests, r => r.Contains("/tuiles/communes/", StringComparison.Ordinal));

        // Keyboard: the map takes the focus, + zooms in, arrows pan; the list follows.
        await page.Locator(".maplibregl-canvas").FocusAsync();
        var zoom = await page.EvaluateAsync<double>("() => window.carteMap.getZoom()");
        await page.Keyboard.PressAsync("Equal");
        await page.WaitForFunctionAsync($"() => window.carteMap.getZoom() > {zoom.ToString(System.Globalization.CultureInfo.InvariantCulture)} + 0.5 && !window.carteMap.isMoving()");
        var before = await page.EvaluateAsync<double>("() => window.carteMap.getCenter().lng");
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }
        await page.WaitForFunctionAsync($"() => window.carteMap.getCenter().lng > {before.ToString(System.Globalization.CultureInfo.InvariantCulture)} && !window.carteMap.isMoving()");
        // Mouse: drag and wheel, then out to France.
        var box = (await page.Locator(".maplibregl-canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 - 200, box.Y + box.Height / 2 - 100, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await page.Mouse.WheelAsync(0, -600);
        await page.WaitForTimeoutAsync(600);
        await page.Mouse.WheelAsync(0, 1500);
        await page.WaitForFunctionAsync("() => !window.carteMap.isMoving() && window.carteMap.areTilesLoaded()");
        await Expect(page.Locator("#carte-liste")).ToHaveAttributeAsync("data-state", "ready");

        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
        Assert.True(watched.Requests.Count(r => r.Contains("/tuiles/dossiers/", StringComparison.Ordinal)) > loireTiles);
        Assert.True(started.Elapsed < TimeSpan.FromMinutes(2));

        var blocking = (await Axe.RunAsync(page)).Violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, Axe.Describe(blocking));
    }

    [Fact]
    public async Task Without_javascript_the_page_lists_the_loires_dossiers_beside_the_departements_map()
    {
        var marker = await SeedAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;
        await page.GotoAsync("/carte");
        await Expect(page.Locator("#carte-interactive")).ToBeHiddenAsync();
        await Expect(page.Locator(".departement-map svg")).ToBeVisibleAsync();
        await page.Locator("#filtre-departement").SelectOptionAsync("42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        var list = page.Locator(".carte-liste__couche[data-layer=dossiers]");
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = $"{marker} Montbrison — Montbrison" })).ToBeVisibleAsync();
        await Expect(list).Not.ToContainTextAsync($"{marker} Le Puy");
        await page.Locator("#filtre-technologie").SelectOptionAsync("vsa");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = $"{marker} Montbrison — Montbrison" })).ToBeVisibleAsync();
        await Expect(list).Not.ToContainTextAsync($"{marker} Saint-Étienne");
        // (axe needs script: the same page is checked by axe in the test above.)
        watched.AssertNoRequestLeftTheOrigin();
    }

    [Fact]
    public async Task A_pmtiles_basemap_is_drawn_from_byte_ranges_of_our_own_file()
    {
        await SeedAsync();
        var path = Path.Combine(Directory.CreateTempSubdirectory("contrevue-fond-").FullName, "france.pmtiles");
        await File.WriteAllBytesAsync(path, PmtilesArchive.Build([(0UL, EarthTile())]));
        var configuration = (IConfigurationRoot)fixture.Services.GetRequiredService<IConfiguration>();
        configuration["Carte:BasemapFile"] = path;
        fixture.Services.GetRequiredService<IOptionsMonitorCache<CarteOptions>>().TryRemove(Options.DefaultName);
        try
        {
            await using var watched = await fixture.OpenAsync();
            var page = watched.Page;
            var answers = new ConcurrentQueue<(string Url, int Status)>();
            page.Response += (_, response) =>
            {
                if (response.Url.Contains(".pmtiles", StringComparison.Ordinal))
                {
                    answers.Enqueue((response.Url, response.Status));
                }
            };
            await page.GotoAsync("/carte");
            await Expect(page.Locator("#carte-interactive")).ToHaveAttributeAsync("data-state", "ready");
            await page.WaitForFunctionAsync("() => window.carteMap.areTilesLoaded() && window.carteMap.querySourceFeatures('fond', { sourceLayer: 'earth' }).length > 0");
            Assert.NotEmpty(answers);
            // The basemap has its own boundaries: the rough outlines are not drawn over it.
            Assert.DoesNotContain(watched.Requests, r => r.Contains("/carte/departements.geojson", StringComparison.Ordinal));
            Assert.All(answers, a =>
            {
                Assert.Matches("/carte/fond-[0-9a-f]{16}\\.pmtiles$", a.Url);
                // 206: every read was a byte range (the library asks for the header, then each tile).
                Assert.Equal(206, a.Status);
            });
            watched.AssertNoRequestLeftTheOrigin();
            watched.AssertNoBrowserErrors();
        }
        finally
        {
            configuration["Carte:BasemapFile"] = "";
            fixture.Services.GetRequiredService<IOptionsMonitorCache<CarteOptions>>().TryRemove(Options.DefaultName);
        }
    }

    /// <summary>Three dossiers (Loire: one at its own point, one at its commune's centre; Haute-Loire: one), once per run.</summary>
    private async Task<string> SeedAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_marker is not null)
            {
                return _marker;
            }
            var marker = "0carte" + Guid.NewGuid().ToString("N")[..6];
            using var scope = fixture.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            foreach (var (code, lat, lon) in new[] { ("42218", 45.4397, 4.3872), ("43157", 45.0434, 3.8858) })
            {
                var commune = await db.Set<Commune>().SingleAsync(c => c.Code == code);
                (commune.CentreLatitude, commune.CentreLongitude, commune.CentreSource) = (lat, lon, CommuneCentreSource.GeoNames);
            }
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            Dossier Make(string name, string commune, string departement, Technology technologies) => new()
            {
                Slug = "carte-" + Guid.NewGuid().ToString("N")[..6], Title = $"{marker} {name}", AuthorityKind = AuthorityKind.Commune, AuthorityCode = commune,
                AuthorityName = name, TerritoryKind = TerritoryKind.Commune, TerritoryCode = commune, CommuneCode = commune,
                DepartementCode = departement, RegionCode = "84", Technologies = technologies, Status = DossierStatus.Deployed, CreatedAt = now, UpdatedAt = now,
            };
            var own = Make("Montbrison", "42147", "42", Technology.Vsa);
            (own.Latitude, own.Longitude) = (45.6075, 4.0653);
            db.AddRange(own, Make("Saint-Étienne", "42218", "42", Technology.Cctv), Make("Le Puy-en-Velay", "43157", "43", Technology.Drones));
            await db.SaveChangesAsync();
            return _marker = marker;
        }
        finally
        {
            Seeding.Release();
        }
    }

    /// <summary>A z0 vector tile whose layer <c>earth</c> is one polygon over France and around.</summary>
    private static byte[] EarthTile()
    {
        var factory = new GeometryFactory();
        var polygon = factory.CreatePolygon([new(-20, 30), new(30, 30), new(30, 60), new(-20, 60), new(-20, 30)]);
        var layer = new Layer { Name = "earth" };
        layer.Features.Add(new Feature(polygon, new AttributesTable { { "kind", "earth" } }));
        var tile = new VectorTile { TileId = new NetTopologySuite.IO.VectorTiles.Tiles.Tile(0, 0, 0).Id };
        tile.Layers.Add(layer);
        using var stream = new MemoryStream();
        tile.Write(stream, 1, 2, 4096);
        return stream.ToArray();
    }

    /// <summary>A PMTiles v3 archive written by hand (no compression), as the unit tests build it.</summary>
    private static class PmtilesArchive
    {
        public static byte[] Build(IReadOnlyList<(ulong TileId, byte[] Bytes)> tiles, byte maxZoom = 0, string metadata = "{}")
        {
            var directory = new MemoryStream();
            WriteVarint(directory, (ulong)tiles.Count);
            ulong lastId = 0;
            foreach (var (id, _) in tiles)
            {
                WriteVarint(directory, id - lastId);
                lastId = id;
            }
            foreach (var _ in tiles)
            {
                WriteVarint(directory, 1); // run length
            }
            foreach (var (_, bytes) in tiles)
            {
                WriteVarint(directory, (ulong)bytes.Length);
            }
            for (var i = 0; i < tiles.Count; i++)
            {
                // 0: right after the previous tile; else offset + 1.
                WriteVarint(directory, i == 0 ? 1UL : 0UL);
            }
            var root = directory.ToArray();
            var meta = Encoding.UTF8.GetBytes(metadata);
            var data = tiles.SelectMany(t => t.Bytes).ToArray();

            var header = new byte[127];
            Encoding.ASCII.GetBytes("PMTiles").CopyTo(header, 0);
            header[7] = 3;
            ulong rootOffset = 127, metaOffset = rootOffset + (ulong)root.Length, dataOffset = metaOffset + (ulong)meta.Length;
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), rootOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), (ulong)root.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), metaOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), (ulong)meta.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), dataOffset); // no leaf directories
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(48), 0);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), dataOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(64), (ulong)data.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(72), (ulong)tiles.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(80), (ulong)tiles.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(88), (ulong)tiles.Count);
            header[96] = 1; // clustered
            header[97] = 1; // internal compression: none
            header[98] = 1; // tile compression: none
            header[99] = 1; // tile type: MVT
            header[100] = 0;
            header[101] = maxZoom;
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(102), -180_0000000);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(106), -85_0000000);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(110), 180_0000000);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(114), 85_0000000);
            header[118] = 0;
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(119), 2_4000000);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(123), 46_6000000);
            return [.. header, .. root, .. meta, .. data];
        }

        private static void WriteVarint(Stream stream, ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            stream.WriteByte((byte)value);
        }
    }
}
