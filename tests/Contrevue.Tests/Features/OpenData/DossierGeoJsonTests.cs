using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Security;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.OpenData;

/// <summary>
/// <c>GET /api/v1/dossiers.geojson</c>: the list's filters, RFC 7946 shape (longitude first, no crs), a point
/// from the dossier or its commune's centre (said in <c>position</c>), null geometry otherwise, cursor paging, ETag.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DossierGeoJsonTests(TestApps apps)
{
    /// <summary>A commune no other test gives a centre to: this one's centre is set here.</summary>
    private const string CentredCommune = "01002";
    private const double CentreLatitude = 46.0047;
    private const double CentreLongitude = 5.4251;

    private static string UniqueWord() => "zq9" + Guid.NewGuid().ToString("N")[..8];

    internal static object Dossier(string title, string kind, string code, string[] technologies, double? latitude = null, double? longitude = null) => new
    {
        title,
        summary = "",
        authority = new { kind, code },
        technologies,
        vendors = Array.Empty<object>(),
        status = "deployed",
        statusSince = "2023-06-15",
        cameraCount = 12,
        location = latitude is null ? null : new { latitude, longitude },
        sources = new object[]
        {
            new { kind = "article", title = "Article de presse", publisher = "Le Progrès", url = "https://www.example.org/article", publishedOn = "2023-05-10", confidence = "established" },
        },
    };

    internal static async Task<int> CreateAsync(HttpClient moderator, object dossier)
    {
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", dossier);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<(AppFactory App, HttpClient Moderator)> StartAsync(TestApps apps, DatabaseProvider provider)
    {
        var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        await db.Set<Commune>().Where(c => c.Code == CentredCommune)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CentreLatitude, CentreLatitude).SetProperty(c => c.CentreLongitude, CentreLongitude));
        return (app, TestAccounts.ClientWithToken(app, token));
    }

    private static async Task<JsonDocument> GetAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/dossiers.geojson?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<int, JsonElement> FeaturesById(JsonDocument document) =>
        document.RootElement.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("id").GetInt32(), f => f.Clone());

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Points_come_longitude_first_from_the_dossier_or_its_communes_centre_and_the_list_filters_apply(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var pointed = await CreateAsync(moderator, Dossier($"VSA {word} à Saint-Étienne", "commune", "42218", ["vsa"], latitude: 45.4397, longitude: 4.3872));
        var centred = await CreateAsync(moderator, Dossier($"Drones {word}", "commune", CentredCommune, ["drones"]));
        var nowhere = await CreateAsync(moderator, Dossier($"LAPI {word} du département", "departement", "42", ["alpr"]));
        var client = app.CreateBrowserlessClient();

        using var all = await GetAsync(client, $"q={word}");
        var root = all.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.False(root.TryGetProperty("crs", out var _), "RFC 7946 § 4: no crs member.");
        var features = FeaturesById(all);
        Assert.Equal(new[] { pointed, centred, nowhere }.Order(), features.Keys.Order());

        var own = features[pointed];
        Assert.Equal("Feature", own.GetProperty("type").GetString());
        Assert.Equal("Point", own.GetProperty("geometry").GetProperty("type").GetString());
        var coordinates = own.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal([4.3872, 45.4397], coordinates);
        Assert.Equal("dossier", own.GetProperty("properties").GetProperty("position").GetString());
        Assert.Equal("vsa", own.GetProperty("properties").GetProperty("technologies")[0].GetString());
        Assert.Equal("42", own.GetProperty("properties").GetProperty("departement").GetString());

        var commune = features[centred];
        Assert.Equal([CentreLongitude, CentreLatitude], commune.GetProperty("geometry").GetProperty("coordinates").EnumerateArray().Select(c => c.GetDouble()).ToArray());
        Assert.Equal("commune", commune.GetProperty("properties").GetProperty("position").GetString());

        var none = features[nowhere];
        Assert.Equal(JsonValueKind.Null, none.GetProperty("geometry").ValueKind);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("properties").GetProperty("position").ValueKind);

        using var loire = await GetAsync(client, $"q={word}&departement=42");
        Assert.Equal(new[] { pointed, nowhere }.Order(), FeaturesById(loire).Keys.Order());
        using var drones = await GetAsync(client, $"q={word}&technology=drones");
        Assert.Equal([centred], FeaturesById(drones).Keys);
        using var commune42218 = await GetAsync(client, $"q={word}&commune=42218&status=deployed");
        Assert.Equal([pointed], FeaturesById(commune42218).Keys);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pages_follow_the_cursor_to_every_dossier_once(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var ids = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await CreateAsync(moderator, Dossier($"Caméras {word} {i}", "commune", "42218", ["vsa"], latitude: 45.43 + i / 100.0, longitude: 4.38)));
        }
        var client = app.CreateBrowserlessClient();

        var seen = new List<int>();
        var query = $"q={word}&limit=2";
        for (var pages = 0; pages < 10; pages++)
        {
            var response = await client.GetAsync($"/api/v1/dossiers.geojson?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var features = page.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt32()).ToList();
            Assert.InRange(features.Count, 1, 2);
            seen.AddRange(features);
            var cursor = page.RootElement.GetProperty("nextCursor");
            if (cursor.ValueKind == JsonValueKind.Null)
            {
                Assert.False(response.Headers.Contains("Link"));
                break;
            }
            var next = page.RootElement.GetProperty("links")[0];
            Assert.Equal("next", next.GetProperty("rel").GetString());
            var href = new Uri(next.GetProperty("href").GetString()!);
            Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single());
            Assert.Contains($"cursor={Uri.EscapeDataString(cursor.GetString()!)}", href.Query);
            query = href.Query.TrimStart('?');
        }
        Assert.Equal(ids.OrderDescending(), seen);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_etag_answers_304_and_bad_filters_a_french_400(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        await CreateAsync(moderator, Dossier($"VSA {word}", "commune", "42218", ["vsa"], latitude: 45.4397, longitude: 4.3872));
        var client = app.CreateBrowserlessClient();

        var first = await client.GetAsync($"/api/v1/dossiers.geojson?q={word}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/dossiers.geojson?q={word}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        foreach (var (query, key) in new[] { ("departement=99X", "departement"), ("limit=0", "limit"), ("limit=5000", "limit"), ("cursor=abc", "cursor"), ("technology=laser", "technology") })
        {
            var response = await client.GetAsync($"/api/v1/dossiers.geojson?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.StartsWith("Filtres invalides", problem.RootElement.GetProperty("title").GetString());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(key, out var _), query);
        }
    }
}
