using System.Net;
using System.Text.Json;
using Contrevue.Features.Carte;
using Contrevue.Features.Osm.Import;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Osm;

/// <summary>The cameras' GeoJSON and map layer, on the app with the whole of France (centres from GeoNames).</summary>
[Collection(AppsCollection.Name)]
public sealed class OsmCameraApiTests(TestApps apps)
{
    /// <summary>The newest Loire export, without an area: importing it again in any test changes nothing.</summary>
    private static async Task<AppFactory> WithCamerasAsync(TestApps apps, DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<OsmImporter>().ImportFileAsync(
            OsmTestWorld.Fixture("loire-2026-11-15.overpass.json"), OsmArea.Unspecified, OsmImporter.DefaultMaxBytes, default);
        return app;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_communes_cameras_are_rfc_7946_points_with_their_tags_and_osm_attribution(DatabaseProvider provider)
    {
        var app = await WithCamerasAsync(apps, provider);
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync("/api/v1/osm/cameras.geojson?territory=commune:42218");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.Equal("ODbL-1.0", root.GetProperty("license").GetString());
        Assert.Equal("© les contributeurs d'OpenStreetMap", root.GetProperty("attribution").GetString());
        Assert.False(root.TryGetProperty("crs", out _));
        var features = root.GetProperty("features").EnumerateArray().ToList();
        // Saint-Étienne's three (the dome, the indoor one, the new panning one); Firminy's is not in it.
        Assert.Equal(["node/4611686001", "node/4611686004", "node/4611686005"], features.Select(f => f.GetProperty("id").GetString()));
        var dome = features[0];
        Assert.Equal("Point", dome.GetProperty("geometry").GetProperty("type").GetString());
        var coordinates = dome.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToList();
        Assert.Equal([4.387231, 45.439512], coordinates);
        var properties = dome.GetProperty("properties");
        Assert.Equal("surveillance", properties.GetProperty("man_made").GetString());
        Assert.Equal("dome", properties.GetProperty("camera:type").GetString());
        Assert.Equal("210", properties.GetProperty("camera:direction").GetString());

        var departement = JsonDocument.Parse(await client.GetStringAsync("/api/v1/osm/cameras.geojson?territory=departement:42"));
        Assert.Equal(4, departement.RootElement.GetProperty("features").GetArrayLength());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unchanged_answer_is_a_304_for_its_etag(DatabaseProvider provider)
    {
        var app = await WithCamerasAsync(apps, provider);
        var client = app.CreateBrowserlessClient();
        var first = await client.GetAsync("/api/v1/osm/cameras.geojson?territory=departement:42");
        Assert.NotNull(first.Headers.ETag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/osm/cameras.geojson?territory=departement:42");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
        var other = await client.GetAsync("/api/v1/osm/cameras.geojson?territory=commune:42095");
        Assert.NotEqual(first.Headers.ETag, other.Headers.ETag);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?territory=")]
    [InlineData("?territory=region:84")]
    [InlineData("?territory=epci:244200770")]
    [InlineData("?territory=commune:42%27%20OR%201=1")]
    [InlineData("?territory=departement:")]
    public async Task A_bad_territory_is_a_french_400(string query)
    {
        var app = await apps.GetAsync(TestDatabases.Providers[0]);
        var response = await app.CreateBrowserlessClient().GetAsync("/api/v1/osm/cameras.geojson" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Territoire illisible : commune:42218 ou departement:42.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_commune_is_a_404()
    {
        var app = await apps.GetAsync(TestDatabases.Providers[0]);
        var response = await app.CreateBrowserlessClient().GetAsync("/api/v1/osm/cameras.geojson?territory=commune:99999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_map_layer_gives_the_cameras_with_osm_attribution_and_a_version_that_follows_imports(DatabaseProvider provider)
    {
        var app = await WithCamerasAsync(apps, provider);
        using var scope = app.Services.CreateScope();
        var layer = scope.ServiceProvider.GetServices<IMapLayer>().Single(l => l.Code == "cameras");
        Assert.Equal("© les contributeurs d'OpenStreetMap", layer.Attribution);
        var version = await layer.VersionAsync(default);

        var points = await layer.PointsAsync(default);
        var dome = points.Single(p => p.Id == 4611686001);
        Assert.Equal((45.439512, 4.387231, "42", "dome", "public", "42218"),
            (dome.Latitude, dome.Longitude, dome.DepartementCode, dome.Properties["kind"], dome.Properties["surveillance"], dome.Properties["commune"]));

        await scope.ServiceProvider.GetRequiredService<OsmImporter>().ImportFileAsync(
            OsmTestWorld.Fixture("lyon-2026-11-01.overpass.json"), OsmArea.Unspecified, OsmImporter.DefaultMaxBytes, default);
        Assert.NotEqual(version, await layer.VersionAsync(default));
    }
}
