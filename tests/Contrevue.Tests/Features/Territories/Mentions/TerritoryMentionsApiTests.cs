using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Territories.Mentions;

namespace Contrevue.Tests.Features.Territories.Mentions;

[Collection(AppsCollection.Name)]
public sealed class TerritoryMentionsApiTests(TestApps apps)
{
    private const string Url = "/api/v1/territory-mentions";

    private async Task<HttpClient> ClientAsync(DatabaseProvider provider) => (await apps.GetAsync(provider)).CreateBrowserlessClient();

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Answers_the_documented_shape_to_an_anonymous_caller(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.PostAsJsonAsync(Url, new { text = "À Sète comme à Saint-Martin, et en Seine-Saint-Denis" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(@"^mentions;dur=\d+(\.\d+)?$", response.Headers.GetValues("Server-Timing").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var mentions = json.RootElement.GetProperty("mentions").EnumerateArray().ToList();
        Assert.Equal(["text", "territory", "ambiguous", "candidates"], mentions[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("Sète", mentions[0].GetProperty("text").GetString());
        Assert.Equal("34301", mentions[0].GetProperty("territory").GetString());
        Assert.False(mentions[0].GetProperty("ambiguous").GetBoolean());
        Assert.Equal(0, mentions[0].GetProperty("candidates").GetArrayLength());
        Assert.Equal("Saint-Martin", mentions[1].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, mentions[1].GetProperty("territory").ValueKind);
        Assert.True(mentions[1].GetProperty("ambiguous").GetBoolean());
        Assert.Contains("97801", mentions[1].GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("departement:93", mentions[2].GetProperty("territory").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_text_too_long_is_a_french_400(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.PostAsJsonAsync(Url, new { text = new string('a', TerritoryMentionsApi.MaxTextLength + 1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Texte trop long", json.RootElement.GetProperty("title").GetString());
        Assert.Contains("20 000", json.RootElement.GetProperty("detail").GetString()!.Replace('\u202F', ' ').Replace('\u00A0', ' '));
        // At the cap exactly, it is read.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Url, new { text = new string('a', TerritoryMentionsApi.MaxTextLength) })).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Control_characters_missing_text_and_broken_json_are_french_400s(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        foreach (var body in new[] { "{\"text\":\"À Sète\\u0000\"}", "{\"text\":\"Sète \\ufdd0\"}" })
        {
            var refused = await client.PostAsync(Url, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("caractère interdit", await refused.Content.ReadAsStringAsync());
        }
        var missing = await client.PostAsync(Url, new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var json = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Texte manquant", json.RootElement.GetProperty("title").GetString());
        }
        var broken = await client.PostAsync(Url, new StringContent("{\"text\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task OpenApi_describes_the_endpoint(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var post = json.RootElement.GetProperty("paths").GetProperty(Url).GetProperty("post");
        Assert.Equal("SuggestTerritoryMentions", post.GetProperty("operationId").GetString());
        Assert.Contains("territoires", post.GetProperty("summary").GetString());
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Requests_are_limited_per_client_with_a_french_429(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider),
            new Dictionary<string, string> { [TerritoryMentionsRateLimit.Section] = "3" });
        var client = app.CreateBrowserlessClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Url, new { text = "À Sète" })).StatusCode);
        }
        var refused = await client.PostAsJsonAsync(Url, new { text = "À Sète" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Trop de requêtes", json.RootElement.GetProperty("title").GetString());
    }
}
