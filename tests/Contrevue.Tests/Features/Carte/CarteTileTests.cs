using System.Net;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using VectorTileId = NetTopologySuite.IO.VectorTiles.Tiles.Tile;

namespace Contrevue.Tests.Features.Carte;

[Collection(AppsCollection.Name)]
public sealed class CarteTileTests(TestApps apps)
{
    // Montbrison (its own point), Saint-Étienne and Le Puy-en-Velay (their centres: the bundled GeoNames ones,
    // which the shared database holds and other tests read).
    private const double MontbrisonLat = 45.6075, MontbrisonLon = 4.0653;
    private const double SaintEtienneLat = 45.43389, SaintEtienneLon = 4.39;
    private const double LePuyLat = 45.04366, LePuyLon = 3.88523;

    private static readonly Dictionary<string, string> Settings = new() { ["Carte:VersionCheckInterval"] = "00:00:00" };

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Dossiers_are_drawn_at_their_point_or_their_communes_centre_filtered_clustered_and_redrawn_after_an_edit(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, Settings, ownsDatabase: false);
        var marker = "0carte" + Guid.NewGuid().ToString("N")[..8];
        var (own, atCommune, elsewhere, hidden) = await SeedAsync(app, marker);
        var client = app.CreateBrowserlessClient();

        // The Loire's list: the dossier at its own point and the one at its commune's centre; neither the
        // Haute-Loire's nor the hidden one.
        var loire = await VisibleAsync(client, "/carte/visibles?couche=dossiers&departement=42");
        var loireIds = Ids(loire, marker);
        Assert.Contains(own, loireIds);
        Assert.Contains(atCommune, loireIds);
        Assert.DoesNotContain(elsewhere, loireIds);
        Assert.DoesNotContain(hidden, loireIds);
        var bounds = loire.GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.True(bounds[0] <= MontbrisonLon && bounds[2] >= SaintEtienneLon && bounds[1] <= SaintEtienneLat && bounds[3] >= MontbrisonLat);
        // A box around Montbrison holds Montbrison only.
        Assert.Equal([own], Ids(await VisibleAsync(client, "/carte/visibles?couche=dossiers&bbox=3.95,45.55,4.15,45.7"), marker));
        Assert.Equal([elsewhere], Ids(await VisibleAsync(client, "/carte/visibles?couche=dossiers&technologie=drones&departement=43"), marker));
        Assert.Equal([own], Ids(await VisibleAsync(client, "/carte/visibles?couche=dossiers&alerte=oui&departement=42,43"), marker));

        // Up close, each dossier is a feature of its own, with what the map colours and filters by.
        var ownFeature = FeatureOf(await TileAsync(client, MontbrisonLat, MontbrisonLon, 15), own);
        Assert.Equal("deployed", ownFeature.Attributes["status"]);
        Assert.Equal("oui", ownFeature.Attributes["alert"]);
        Assert.Equal("dossier", ownFeature.Attributes["position"]);
        Assert.Contains("vsa", (string)ownFeature.Attributes["technologies"]);
        Assert.InRange(Math.Abs(((Point)ownFeature.Geometry).Y - MontbrisonLat), 0, 1e-4);
        Assert.InRange(Math.Abs(((Point)ownFeature.Geometry).X - MontbrisonLon), 0, 1e-4);
        var communeFeature = FeatureOf(await TileAsync(client, SaintEtienneLat, SaintEtienneLon, 18), atCommune);
        Assert.Equal("commune", communeFeature.Attributes["position"]);
        Assert.StartsWith("/observatoire/dossiers/", (string)communeFeature.Attributes["path"]);

        // From afar, France is a few clusters whose counts add up to every dossier drawn, filters included.
        foreach (var query in new[] { "", "?technologie=drones", "?statut=deployed&alerte=oui" })
        {
            var whole = await TileAsync(client, 0, 0, 0, query);
            var visible = await VisibleAsync(client, "/carte/visibles?couche=dossiers" + (query.Length > 0 ? "&" + query[1..] : ""));
            Assert.Equal(visible.GetProperty("total").GetInt32(), whole.Sum(f => f.Attributes.Exists("point_count") ? Convert.ToInt32(f.Attributes["point_count"]) : 1));
            Assert.True(whole.Count <= 256);
        }

        // Cached with a tag; an edit moves the dossier at once (new tag, new place).
        var path = TilePath(MontbrisonLat, MontbrisonLon, 15);
        var first = await client.GetAsync(path);
        Assert.Equal("application/vnd.mapbox-vector-tile", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=60", first.Headers.CacheControl?.ToString());
        var tag = first.Headers.ETag!;
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, path))
        {
            conditional.Headers.IfNoneMatch.Add(tag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        }
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var dossier = await db.Set<Dossier>().SingleAsync(d => d.Id == own);
            (dossier.Latitude, dossier.Longitude, dossier.UpdatedAt) = (SaintEtienneLat + 0.001, SaintEtienneLon, TimeProvider.System.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        var after = await client.GetAsync(path);
        Assert.NotEqual(tag.Tag, after.Headers.ETag!.Tag);
        Assert.DoesNotContain(Features(await after.Content.ReadAsByteArrayAsync(), MontbrisonLat, MontbrisonLon, 15), f => Id(f) == own);
        FeatureOf(await TileAsync(client, SaintEtienneLat + 0.001, SaintEtienneLon, 18), own);
        Assert.DoesNotContain(own, Ids(await VisibleAsync(client, "/carte/visibles?couche=dossiers&bbox=3.95,45.55,4.15,45.7"), marker));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_map_page_is_served_from_the_cache_until_a_layer_changes(DatabaseProvider provider)
    {
        // Its own database: the edit below must not reach the shared one's pages.
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), Settings);
        var marker = "0cache" + Guid.NewGuid().ToString("N")[..8];
        var (own, _, _, _) = await SeedAsync(app, marker);
        var client = app.CreateBrowserlessClient();

        var first = await client.GetStringAsync("/carte?departement=42");
        Assert.Contains($"{marker} Montbrison", first);
        // Cached: a change the layer's version does not see (the title alone, same date) is not shown…
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            await db.Set<Dossier>().Where(d => d.Id == own).ExecuteUpdateAsync(s => s.SetProperty(d => d.Title, $"{marker} Montbrison renommé"));
        }
        Assert.Equal(first, await client.GetStringAsync("/carte?departement=42"));
        // …and a parameter the page does not read is served the same response.
        Assert.Equal(first, await client.GetStringAsync("/carte?departement=42&x=1"));
        // An edit moves the version: the page is drawn again at once.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var later = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(1);
            await db.Set<Dossier>().Where(d => d.Id == own).ExecuteUpdateAsync(s => s.SetProperty(d => d.UpdatedAt, later));
        }
        var after = await client.GetStringAsync("/carte?departement=42");
        Assert.Contains($"{marker} Montbrison renommé", after);
        // Another filter is another page.
        Assert.DoesNotContain($"{marker} Montbrison", await client.GetStringAsync("/carte?departement=43"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_tiles_layers_filters_and_boxes_are_refused_in_french(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, Settings, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        foreach (var (path, word) in new[]
        {
            ("/tuiles/dossiers/21/0/0.mvt", "zoom"),
            ("/tuiles/dossiers/abc/0/0.mvt", "zoom"),
            ("/tuiles/dossiers/1/2/0.mvt", "grille"),
            ("/tuiles/dossiers/3/0/-1.mvt", "grille"),
            ("/tuiles/dossiers/3/0/99999999999999999999.mvt", "grille"),
            ("/tuiles/dossiers/2/1/1.mvt?technologie=teleportation", "Valeurs possibles"),
            ("/tuiles/dossiers/2/1/1.mvt?departement=loire", "Département"),
            ("/carte/visibles?couche=dossiers&bbox=5,4,3", "Emprise"),
            ("/carte/visibles?couche=dossiers&bbox=5,46,4,47", "Emprise"),
            ("/carte/visibles?couche=dossiers&statut=fini", "Statut"),
        })
        {
            var response = await client.GetAsync(path);
            Assert.True(HttpStatusCode.BadRequest == response.StatusCode, path);
            Assert.Contains(word, await response.Content.ReadAsStringAsync());
        }
        var unknown = await client.GetAsync("/tuiles/licornes/0/0/0.mvt");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Couche inconnue", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tuiles/licornes.json")).StatusCode);

        var tileJson = JsonDocument.Parse(await client.GetStringAsync("/tuiles/dossiers.json")).RootElement;
        Assert.Equal("3.0.0", tileJson.GetProperty("tilejson").GetString());
        var template = tileJson.GetProperty("tiles")[0].GetString()!;
        Assert.StartsWith("http://localhost/tuiles/dossiers/{z}/{x}/{y}.mvt?v=", template);
        Assert.Equal("dossiers", tileJson.GetProperty("vector_layers")[0].GetProperty("id").GetString());
        // The template answers.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(template.Replace("{z}/{x}/{y}", "0/0/0", StringComparison.Ordinal))).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Listed_collectives_are_drawn_at_the_centres_of_the_communes_they_cover(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, Settings, ownsDatabase: false);
        var marker = "0carte" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(app, marker);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            db.AddRange(
                new Contrevue.Features.Collectives.Collective
                {
                    Name = $"{marker} Collectif stéphanois", Listed = true, CreatedAt = now,
                    Territories = [new() { TerritoryKind = TerritoryKind.Commune, TerritoryCode = "42218" }, new() { TerritoryKind = TerritoryKind.Departement, TerritoryCode = "43" }],
                },
                new Contrevue.Features.Collectives.Collective
                {
                    Name = $"{marker} Collectif discret", Listed = false, CreatedAt = now,
                    Territories = [new() { TerritoryKind = TerritoryKind.Commune, TerritoryCode = "42218" }],
                });
            await db.SaveChangesAsync();
        }
        var client = app.CreateBrowserlessClient();
        var items = (await VisibleAsync(client, "/carte/visibles?couche=collectifs&departement=42")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("label").GetString()!.StartsWith(marker, StringComparison.Ordinal)).ToList();
        var item = Assert.Single(items);
        Assert.Equal($"{marker} Collectif stéphanois", item.GetProperty("label").GetString());
        Assert.Equal(SaintEtienneLat, item.GetProperty("latitude").GetDouble(), 6);
        Assert.StartsWith("/collectifs/", item.GetProperty("path").GetString());
        var layer = JsonDocument.Parse(await client.GetStringAsync("/tuiles/collectifs.json")).RootElement;
        Assert.Equal("Collectifs", layer.GetProperty("name").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Upcoming_events_held_in_a_commune_are_drawn_at_its_centre_and_past_cancelled_or_online_ones_are_not(DatabaseProvider provider)
    {
        // Its own database: upcoming events of the Loire on the shared one would push the events tests' own
        // out of the short lists they read (a commune page shows the next few).
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), Settings);
        var marker = "0carte" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(app, marker);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        Contrevue.Features.Events.Event Make(string title, DateTime start, bool cancelled = false, bool online = false) => new()
        {
            Title = $"{marker} {title}", Kind = "information-meeting",
            LocalStart = start.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            LocalEnd = start.AddHours(2).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            FirstStartUtc = start, LastEndUtc = start.AddHours(2), Cancelled = cancelled, Online = online,
            PlaceTerritoryKind = online ? null : TerritoryKind.Commune, PlaceTerritoryCode = online ? null : "42218",
            DepartementCode = "42", CreatedAt = now, UpdatedAt = now,
        };
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.AddRange(Make("Réunion publique", now.AddDays(10)), Make("Réunion passée", now.AddDays(-10)),
                Make("Réunion annulée", now.AddDays(12), cancelled: true), Make("Visio", now.AddDays(5), online: true));
            await db.SaveChangesAsync();
        }
        var client = app.CreateBrowserlessClient();

        var items = (await VisibleAsync(client, "/carte/visibles?couche=evenements&departement=42")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("label").GetString()!.StartsWith(marker, StringComparison.Ordinal)).ToList();
        var item = Assert.Single(items);
        Assert.Equal($"{marker} Réunion publique", item.GetProperty("label").GetString());
        Assert.Equal(SaintEtienneLat, item.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(SaintEtienneLon, item.GetProperty("longitude").GetDouble(), 6);
        Assert.StartsWith("/agenda/", item.GetProperty("path").GetString());
        var layer = JsonDocument.Parse(await client.GetStringAsync("/tuiles/evenements.json")).RootElement;
        Assert.Equal("Rendez-vous à venir", layer.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tuiles/evenements/10/525/363.mvt")).StatusCode);
    }

    private static async Task<(int Own, int AtCommune, int Elsewhere, int Hidden)> SeedAsync(AppFactory app, string marker)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        foreach (var (code, lat, lon) in new[] { ("42218", SaintEtienneLat, SaintEtienneLon), ("43157", LePuyLat, LePuyLon) })
        {
            var commune = await db.Set<Commune>().SingleAsync(c => c.Code == code);
            (commune.CentreLatitude, commune.CentreLongitude, commune.CentreSource) = (lat, lon, CommuneCentreSource.GeoNames);
        }
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        Dossier Make(string name, string commune, string departement, Technology technologies, DossierStatus status) => new()
        {
            Slug = "carte-" + name, Title = $"{marker} {name}", AuthorityKind = AuthorityKind.Commune, AuthorityCode = commune,
            AuthorityName = name, TerritoryKind = TerritoryKind.Commune, TerritoryCode = commune, CommuneCode = commune,
            DepartementCode = departement, RegionCode = "84", Technologies = technologies, Status = status, CreatedAt = now, UpdatedAt = now,
        };
        var own = Make("Montbrison", "42147", "42", Technology.Vsa | Technology.Cctv, DossierStatus.Deployed);
        (own.Latitude, own.Longitude) = (MontbrisonLat, MontbrisonLon);
        var atCommune = Make("Saint-Étienne", "42218", "42", Technology.Cctv, DossierStatus.Announced);
        var elsewhere = Make("Le Puy-en-Velay", "43157", "43", Technology.Drones, DossierStatus.Announced);
        var hidden = Make("Caché", "42218", "42", Technology.Cctv, DossierStatus.Announced);
        hidden.IsHidden = true;
        db.AddRange(own, atCommune, elsewhere, hidden);
        await db.SaveChangesAsync();
        return (own.Id, atCommune.Id, elsewhere.Id, hidden.Id);
    }

    private static async Task<JsonElement> VisibleAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<int> Ids(JsonElement visible, string marker) =>
        [.. visible.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("label").GetString()!.StartsWith(marker, StringComparison.Ordinal))
            .Select(i => i.GetProperty("id").GetInt32())];

    internal static (int X, int Y) TileOf(double latitude, double longitude, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)((longitude + 180) / 360 * n);
        var radians = latitude * Math.PI / 180;
        var y = (int)((1 - Math.Log(Math.Tan(radians) + 1 / Math.Cos(radians)) / Math.PI) / 2 * n);
        return (x, y);
    }

    private static string TilePath(double latitude, double longitude, int zoom)
    {
        var (x, y) = TileOf(latitude, longitude, zoom);
        return $"/tuiles/dossiers/{zoom}/{x}/{y}.mvt";
    }

    private static async Task<List<IFeature>> TileAsync(HttpClient client, double latitude, double longitude, int zoom, string query = "")
    {
        var response = await client.GetAsync(TilePath(latitude, longitude, zoom) + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Features(await response.Content.ReadAsByteArrayAsync(), latitude, longitude, zoom);
    }

    internal static List<IFeature> Features(byte[] bytes, double latitude, double longitude, int zoom)
    {
        var (x, y) = TileOf(latitude, longitude, zoom);
        using var stream = new MemoryStream(bytes);
        var tile = new MapboxTileReader().Read(stream, new VectorTileId(x, y, zoom));
        return [.. tile.Layers.SelectMany(l => l.Features)];
    }

    private static int? Id(IFeature feature) =>
        feature.Attributes.Exists("id") ? Convert.ToInt32(feature.Attributes["id"]) : null;

    private static IFeature FeatureOf(List<IFeature> features, int id) =>
        features.SingleOrDefault(f => Id(f) == id) ?? throw new Xunit.Sdk.XunitException($"Dossier {id} absent of the tile ({features.Count} features).");
}
