using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Contrevue.Tests.Features.Territories;

[Collection(AppsCollection.Name)]
public sealed class TerritoryApiTests(TestApps apps)
{
    private async Task<HttpClient> ClientAsync(DatabaseProvider provider) => (await apps.GetAsync(provider)).CreateBrowserlessClient();

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Commune_has_the_documented_shape(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/api/v1/communes/42218");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(
            ["code", "name", "departement", "region", "epci", "population", "postalCodes", "formerCodes", "contact"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("42218", root.GetProperty("code").GetString());
        Assert.Equal("Saint-Étienne", root.GetProperty("name").GetString());
        Assert.Equal("42", root.GetProperty("departement").GetProperty("code").GetString());
        Assert.Equal("Loire", root.GetProperty("departement").GetProperty("name").GetString());
        Assert.Equal("84", root.GetProperty("region").GetProperty("code").GetString());
        Assert.Equal("Auvergne-Rhône-Alpes", root.GetProperty("region").GetProperty("name").GetString());
        Assert.Equal("244200770", root.GetProperty("epci").GetProperty("siren").GetString());
        Assert.Equal("Saint-Étienne Métropole", root.GetProperty("epci").GetProperty("name").GetString());
        Assert.Equal(173136, root.GetProperty("population").GetInt32());
        Assert.Equal(["42000", "42100", "42230"], root.GetProperty("postalCodes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["42190", "42292", "42309"], root.GetProperty("formerCodes").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Commune_without_epci_has_null_epci(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/communes/29155")); // Ouessant

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("epci").ValueKind);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Alias_or_former_code_redirects_permanently_to_the_current_commune(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/api/v1/communes/42190");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/api/v1/communes/42218", response.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Unknown_commune_is_a_french_problem_details(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/api/v1/communes/99999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Commune introuvable", json.RootElement.GetProperty("title").GetString());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Search_lists_saint_denis_by_population_before_smaller_matches(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/communes?q=saint-denis"));

        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(TerritoryApiLimits.Default, items.Count);
        Assert.Equal("97411", items[0].GetProperty("code").GetString());
        Assert.Equal("93066", items[1].GetProperty("code").GetString());
        Assert.All(items.Skip(2), item => Assert.True(item.GetProperty("population").GetInt32() < 149077));
        Assert.All(items, item => Assert.True(item.TryGetProperty("formerCodes", out _)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Search_filters_by_departement_and_honours_limit(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/communes?q=saint&departement=42&limit=5"));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        Assert.Equal("42218", items[0].GetProperty("code").GetString());
        Assert.All(items, item => Assert.Equal("42", item.GetProperty("departement").GetProperty("code").GetString()));

        using var byDepartement = JsonDocument.Parse(await client.GetStringAsync("/api/v1/communes?departement=42&limit=2"));
        Assert.Equal(["42218", "42207"], byDepartement.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_search_parameters_are_french_400_problems(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        foreach (var query in new[] { "q=lyon&limit=0", "q=lyon&limit=101", "q=lyon&limit=abc", "", "q=%20", "q=lyon&departement=999", $"q={new string('x', 300)}" })
        {
            var response = await client.GetAsync($"/api/v1/communes?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("detail").GetString()), query);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Departements_and_regions_are_listed(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var departements = JsonDocument.Parse(await client.GetStringAsync("/api/v1/departements"));
        var loire = departements.RootElement.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "42");
        Assert.Equal("Loire", loire.GetProperty("name").GetString());
        Assert.Equal("84", loire.GetProperty("region").GetProperty("code").GetString());
        Assert.Equal(109, departements.RootElement.GetProperty("items").GetArrayLength());

        using var regions = JsonDocument.Parse(await client.GetStringAsync("/api/v1/regions"));
        Assert.Contains(regions.RootElement.GetProperty("items").EnumerateArray(), r => r.GetProperty("name").GetString() == "Auvergne-Rhône-Alpes");
        Assert.Equal(26, regions.RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Conditional_get_answers_304_when_the_etag_matches(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var first = await client.GetAsync("/api/v1/communes/42218");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/communes/42218");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/communes/42218");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);

        var other = await client.GetAsync("/api/v1/communes/69123");
        Assert.NotEqual(etag, other.Headers.ETag);
        var missing = await client.GetAsync("/api/v1/communes/99999");
        Assert.Null(missing.Headers.ETag);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task OpenApi_document_describes_the_territory_endpoints(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/communes/{insee}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/communes", out _));
        Assert.True(paths.TryGetProperty("/api/v1/departements", out _));
        Assert.True(paths.TryGetProperty("/api/v1/regions", out _));
    }
}

internal static class TerritoryApiLimits
{
    public const int Default = Contrevue.Features.Territories.Api.TerritoryApi.DefaultLimit;
}

[Collection(AppsCollection.Name)]
public sealed class TerritoryApiLanguageTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Problems_are_in_english_when_asked(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/communes?q=lyon&limit=0");
        request.Headers.Add("Accept-Language", "en");

        var response = await client.SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Invalid ‘limit’ parameter", json.RootElement.GetProperty("title").GetString());
        Assert.Equal("‘limit’ must be a whole number between 1 and 100.", json.RootElement.GetProperty("detail").GetString());
    }
}
