using System.Net;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Contrevue.Tests.Features.Carte;

/// <summary>Without a basemap the map draws the départements' outlines and the communes' centres, from this origin.</summary>
[Collection(AppsCollection.Name)]
public sealed class MapWithoutBasemapTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_departements_outlines_are_in_degrees_where_the_departements_are(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync("/carte/departements.geojson");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        var outlines = root.GetProperty("features").EnumerateArray().ToDictionary(
            f => f.GetProperty("properties").GetProperty("code").GetString()!,
            f => f.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
                .Select(line => line.EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList()).ToList());
        Assert.Equal(96, outlines.Count);
        Assert.All(outlines.Values.SelectMany(lines => lines), line => Assert.Equal(line[0], line[^1]));

        // Each town lies inside its département's outline, and not inside its neighbour's: the projection back
        // to degrees is right to a few kilometres (towns chosen at the four corners and in the middle).
        (string Name, double Lat, double Lon, string Inside, string Outside)[] towns =
        [
            ("Brest", 48.3904, -4.4861, "29", "22"),
            ("Lille", 50.6292, 3.0573, "59", "62"),
            ("Strasbourg", 48.5734, 7.7521, "67", "68"),
            ("Perpignan", 42.6887, 2.8948, "66", "11"),
            ("Bastia", 42.6970, 9.4509, "2B", "2A"),
            ("Paris, Notre-Dame", 48.8530, 2.3499, "75", "92"),
            ("Saint-Étienne", 45.4339, 4.3900, "42", "43"),
            ("Bordeaux", 44.8378, -0.5792, "33", "24"),
        ];
        foreach (var town in towns)
        {
            Assert.True(Contains(outlines[town.Inside], town.Lon, town.Lat), $"{town.Name} should lie in {town.Inside}");
            Assert.False(Contains(outlines[town.Outside], town.Lon, town.Lat), $"{town.Name} should not lie in {town.Outside}");
        }

        // Cached by the browser, revalidated by its tag.
        Assert.Contains("max-age=86400", response.Headers.CacheControl?.ToString());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/carte/departements.geojson");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_communes_centres_are_a_background_layer_of_tiles_not_a_layer_to_choose(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        const double lat = 45.43389, lon = 4.39;

        var (x, y) = CarteTileTests.TileOf(lat, lon, 14);
        var tile = await client.GetAsync($"/tuiles/communes/14/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        var features = CarteTileTests.Features(await tile.Content.ReadAsByteArrayAsync(), lat, lon, 14);
        var saintEtienne = Assert.Single(features, f => f.Attributes.Exists("label") && (string)f.Attributes["label"] == "Saint-Étienne");
        Assert.Equal("/communes/42218-saint-etienne", saintEtienne.Attributes["path"]);
        Assert.InRange(((Point)saintEtienne.Geometry).Y, lat - 0.01, lat + 0.01);

        // The page offers the data layers only; asking for the background one is a clear error, not a layer.
        var page = await client.GetStringAsync("/carte");
        Assert.DoesNotContain("value=\"communes\"", page);
        Assert.Contains("value=\"dossiers\"", page);
        var asked = await client.GetAsync("/carte?couche=communes");
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        Assert.Contains("Couche inconnue : communes.", WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync()));
    }

    /// <summary>Even-odd rule over all the rings of a département (islands and enclaves included).</summary>
    private static bool Contains(List<List<(double Lon, double Lat)>> rings, double lon, double lat)
    {
        var inside = false;
        foreach (var ring in rings)
        {
            for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
            {
                var (a, b) = (ring[i], ring[j]);
                if ((a.Lat > lat) != (b.Lat > lat) && lon < (b.Lon - a.Lon) * (lat - a.Lat) / (b.Lat - a.Lat) + a.Lon)
                {
                    inside = !inside;
                }
            }
        }
        return inside;
    }
}
