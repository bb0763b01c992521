using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Infrastructure.Abuse;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Infrastructure.Abuse;

[Collection(AppsCollection.Name)]
public sealed class ProofOfWorkEndpointTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_app_issues_fresh_challenges_it_accepts_once_solved(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync("/api/v1/proof-of-work");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var again = await client.GetFromJsonAsync<JsonElement>("/api/v1/proof-of-work");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var challenge = body.GetProperty("challenge").GetString()!;
        Assert.NotEqual(challenge, again.GetProperty("challenge").GetString());
        Assert.Equal(18, body.GetProperty("difficultyBits").GetInt32());
        Assert.EndsWith(".18", string.Join('.', challenge.Split('.')[..4]));
        var proofOfWork = app.Services.GetRequiredService<ProofOfWork>();
        Assert.Equal(ProofOfWorkResult.WrongSolution, await proofOfWork.VerifyAsync(challenge, "not-a-solution"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_solver_script_is_served_from_our_origin(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var response = await client.GetAsync("/js/proof-of-work.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("crypto.subtle.digest", await response.Content.ReadAsStringAsync());
    }
}
