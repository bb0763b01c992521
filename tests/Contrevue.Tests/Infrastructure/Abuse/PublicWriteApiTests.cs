using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Localization;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contrevue.Tests.Infrastructure.Abuse;

/// <summary>
/// A public write endpoint behind <c>WithAbuseResistance()</c>, in a small app on real Kestrel (body
/// limits are the server's) with the app's own web and abuse setup; the app itself has no public
/// write yet.
/// </summary>
public sealed class PublicWriteApiTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public sealed record Proposal(string Territory, int Count);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Contrevue" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Abuse:ProofOfWorkBits"] = "8";
        builder.Configuration["Abuse:UnverifiedPerMinute"] = "5";
        builder.Configuration["Abuse:VerifiedPerMinute"] = "20";
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.AddContrevueLocalization();
        builder.AddContrevueWeb();
        builder.AddAbuseResistance();
        _app = builder.Build();
        _app.UseContrevueLocalization();
        _app.UseContrevueWeb();
        // Stands for an API token: the app's token handler sets an authenticated user the same way.
        _app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey("X-Test-Account"))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bot@example.org")], "test"));
            }
            return next(context);
        });
        _app.UseAbuseResistance();
        _app.MapPost("/api/v1/proposals", (Proposal proposal) => TypedResults.Accepted("/api/v1/proposals/1", proposal))
            .WithAbuseResistance();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> Post(string json = """{"territory":"42218","count":1}""", string? ip = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/proposals") { Content = Json(json) };
        configure?.Invoke(request);
        return await _client.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_burst_without_proof_of_work_gets_429_in_french_beyond_the_stricter_limit()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            responses.Add(await Post());
        }

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(25, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        var refused = responses.Last();
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await Problem(refused);
        Assert.Equal("Trop d'envois", problem.GetProperty("title").GetString());
        Assert.StartsWith("Trop d'envois depuis votre connexion", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Clients_with_a_proof_of_work_get_the_looser_limit_and_each_proof_serves_once()
    {
        async Task<HttpResponseMessage> PostWithProof(string? challenge = null, string? solution = null)
        {
            challenge ??= (await _client.GetFromJsonAsync<JsonElement>("/api/v1/proof-of-work")).GetProperty("challenge").GetString()!;
            solution ??= ProofOfWorkTests.Solve(challenge);
            return await Post(configure: r =>
            {
                r.Headers.Add(AbuseCheck.ChallengeHeader, challenge);
                r.Headers.Add(AbuseCheck.SolutionHeader, solution);
            });
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 22; i++)
        {
            statuses.Add((await PostWithProof()).StatusCode);
        }
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        var challenge = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/proof-of-work")).GetProperty("challenge").GetString()!;
        var solution = ProofOfWorkTests.Solve(challenge);
        await PostWithProof(challenge, solution);
        var replayed = await PostWithProof(challenge, solution);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("Vérification anti-robot invalide", (await Problem(replayed)).GetProperty("title").GetString());

        var forged = await PostWithProof(challenge.Replace(".8.", ".1.", StringComparison.Ordinal), "0");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Account_holders_are_not_limited()
    {
        for (var i = 0; i < 12; i++)
        {
            var response = await Post(configure: r => r.Headers.Add("X-Test-Account", "1"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_megabyte_body_gets_a_413_problem_in_french_with_or_without_a_length()
    {
        var big = """{"territory":"42218","count":1,"note":" """ + new string('x', 1024 * 1024) + "\"}";

        var withLength = await Post(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Equal("Contenu trop volumineux", (await Problem(withLength)).GetProperty("title").GetString());

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/v1/proposals")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var withoutLength = await _client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);
        Assert.Equal("Contenu trop volumineux", (await Problem(withoutLength)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("""{"territory":42218,"count":"un"}""")]
    [InlineData("""{"territory":"42218","count":1""")]
    [InlineData("[1,2,3]")]
    public async Task Unreadable_json_gets_a_400_problem_in_french(string json)
    {
        var response = await Post(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Requête invalide", (await Problem(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_gets_a_400_problem_in_french()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/proposals")
        {
            Content = new ByteArrayContent([.. "{\"territory\":\""u8, 0xC3, 0x28, 0xFF, .. "\",\"count\":1}"u8]),
        };
        request.Content.Headers.ContentType = new("application/json");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Requête invalide", (await Problem(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Problems_are_in_english_when_the_client_asks()
    {
        var response = await Post("{", configure: r => r.Headers.Add("Accept-Language", "en"));

        Assert.Equal("Invalid request", (await Problem(response)).GetProperty("title").GetString());
    }
}
