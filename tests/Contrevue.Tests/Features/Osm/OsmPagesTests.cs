using Contrevue.Features.Osm.Import;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Osm;

/// <summary>The cameras' panel on commune and département pages, and the /osm page.</summary>
[Collection(AppsCollection.Name)]
public sealed class OsmPagesTests(TestApps apps)
{
    private static async Task<AppFactory> WithCamerasAsync(TestApps apps, DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<OsmImporter>().ImportFileAsync(
            OsmTestWorld.Fixture("loire-2026-11-15.overpass.json"), OsmArea.Unspecified, OsmImporter.DefaultMaxBytes, default);
        return app;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_commune_page_counts_its_cameras_by_kind_with_the_overpass_query_and_osm_attribution(DatabaseProvider provider)
    {
        var app = await WithCamerasAsync(apps, provider);
        var html = await app.CreateBrowserlessClient().GetStringAsync("/communes/42218-saint-etienne");
        var text = HtmlText.Visible(html);

        Assert.Contains("OpenStreetMap connaît 3 caméras sur ce territoire.", text);
        Assert.Contains("caméras dômes 1", text);
        Assert.Contains("caméras orientables 1", text);
        Assert.Contains("caméras de type non précisé 1", text);
        Assert.Contains("filmant l'espace public 2", text);
        Assert.Contains("en intérieur 1", text);
        Assert.Contains("area[\"ref:INSEE\"=\"42218\"][\"boundary\"=\"administrative\"]->.a;", text);
        Assert.Contains("node(area.a)[\"man_made\"=\"surveillance\"];", text);
        Assert.Contains("Contrevue import osm export.json --area commune:42218", text);
        Assert.Contains("Données © les contributeurs d'OpenStreetMap, sous licence ODbL", text);
        Assert.Contains("href=\"/api/v1/osm/cameras.geojson?territory=commune%3A42218\"", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_departement_page_counts_the_cameras_of_its_communes_with_its_own_query(DatabaseProvider provider)
    {
        var app = await WithCamerasAsync(apps, provider);
        var html = await app.CreateBrowserlessClient().GetStringAsync("/departements/42-loire");
        var text = HtmlText.Visible(html);

        Assert.Contains("OpenStreetMap connaît 4 caméras sur ce territoire.", text);
        Assert.Contains("area[\"ref:INSEE\"=\"42\"][\"admin_level\"=\"6\"]->.a;", text);
        Assert.Contains("--area departement:42", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_arrondissement_page_shows_its_citys_cameras_and_says_so(DatabaseProvider provider)
    {
        // Its own database: Paris's cameras must not reach the shared one's counts.
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var file = Path.Combine(Directory.CreateTempSubdirectory("contrevue-osm-").FullName, "paris.overpass.json");
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new
        {
            version = 0.6,
            osm3s = new { timestamp_osm_base = "2026-11-01T10:00:00Z" },
            elements = new[]
            {
                new { type = "node", id = 4611687001L, lat = 48.8530, lon = 2.3499, version = 1, tags = new Dictionary<string, string> { ["man_made"] = "surveillance", ["surveillance:type"] = "camera" } },
                new { type = "node", id = 4611687002L, lat = 48.8606, lon = 2.3376, version = 1, tags = new Dictionary<string, string> { ["man_made"] = "surveillance", ["surveillance:type"] = "ALPR" } },
            },
        }));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>();
            await OsmTestWorld.SetCentreAsync(db, "75056", 48.8566, 2.3522);
            var report = await scope.ServiceProvider.GetRequiredService<OsmImporter>().ImportFileAsync(file, OsmArea.Unspecified, OsmImporter.DefaultMaxBytes, default);
            Assert.Equal(2, report.Added);
        }
        var client = app.CreateBrowserlessClient();

        var paris = HtmlText.Visible(await client.GetStringAsync("/communes/75056-paris"));
        Assert.Contains("OpenStreetMap connaît 2 caméras sur ce territoire.", paris);
        Assert.DoesNotContain("pas par arrondissement", paris);

        var html = await client.GetStringAsync("/communes/75101-paris-1er-arrondissement");
        var first = HtmlText.Visible(html);
        Assert.Contains("Les caméras d'OpenStreetMap sont placées par commune, pas par arrondissement : ces chiffres sont ceux de toute la commune de Paris", first);
        Assert.Contains("OpenStreetMap connaît 2 caméras sur ce territoire.", first);
        Assert.Contains("href=\"/communes/75056-paris\"", html);
        Assert.Contains("--area commune:75056", first);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_commune_without_cameras_says_so_and_still_gives_its_query(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var text = HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync("/communes/2A004-ajaccio"));
        Assert.Contains("OpenStreetMap ne connaît encore aucune caméra sur ce territoire.", text);
        Assert.Contains("--area commune:2A004", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_osm_page_explains_the_export_the_command_and_the_licence_and_lists_imports(DatabaseProvider provider)
    {
        var app = await WithCamerasAsync(apps, provider);
        var text = HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync("/osm"));

        Assert.Contains("Les caméras d'OpenStreetMap", text);
        Assert.Contains("overpass-turbo", text);
        Assert.Contains("Contrevue import osm export.json --area commune:42218", text);
        Assert.Contains("sous licence ODbL", text);
        Assert.Contains("fichier 2026-11-15 08:30 UTC", text);
    }
}
