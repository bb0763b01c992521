using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Tests.Features.Procedures;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 7: a session cookie is not enough to write through the JSON API. Another site can make a
/// signed-in browser send a "simple" request (text/plain, no preflight) with the cookie; it cannot read
/// the page's antiforgery token. API writes carried by the cookie need that token; tokens (Bearer) need none.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class CookieApiWriteTests(TestApps apps)
{
    private static HttpRequestMessage CrossSite(HttpMethod method, string path, string body = "")
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "https://evil.example");
        return request;
    }

    private static async Task<bool> IsPublicAsync(HttpClient api, int id) =>
        JsonDocument.Parse(await api.GetStringAsync($"/api/v1/procedures/{id}")).RootElement.GetProperty("isPublic").GetBoolean();

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_signed_in_member_cookie_alone_cannot_publish_or_unpublish_or_change_a_procedure(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var created = await member.Api.PostAsJsonAsync("/api/v1/procedures", new
        {
            collectiveId = member.CollectiveId, kind = "cada-request", title = "Demande privée", authorityName = "Mairie de Firminy",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        // The forged request of another site: the member's cookie, text/plain, no antiforgery token.
        var forged = await member.Browser.Client.SendAsync(CrossSite(HttpMethod.Post, $"/api/v1/procedures/{id}/publish"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Contains("anti-falsification", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsPublicAsync(member.Api, id));

        // Same for a JSON body without the token, and for the other writes of the API.
        var json = await member.Browser.Client.PutAsJsonAsync($"/api/v1/procedures/{id}", new { kind = "cada-request", title = "Titre forgé", authorityName = "Mairie" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var status = await member.Browser.Client.SendAsync(CrossSite(HttpMethod.Post, $"/api/v1/procedures/{id}/status", "{\"status\":\"closed\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        var unchanged = JsonDocument.Parse(await member.Api.GetStringAsync($"/api/v1/procedures/{id}")).RootElement;
        Assert.Equal("Demande privée", unchanged.GetProperty("title").GetString());
        Assert.NotEqual("closed", unchanged.GetProperty("status").GetString());

        // The token holder publishes; the forged unpublish then changes nothing either.
        Assert.Equal(HttpStatusCode.OK, (await member.Api.PostAsync($"/api/v1/procedures/{id}/publish", null)).StatusCode);
        Assert.True(await IsPublicAsync(member.Api, id));
        var forgedUnpublish = await member.Browser.Client.SendAsync(CrossSite(HttpMethod.Post, $"/api/v1/procedures/{id}/unpublish"));
        Assert.Equal(HttpStatusCode.BadRequest, forgedUnpublish.StatusCode);
        Assert.True(await IsPublicAsync(member.Api, id));

        // A cookie with a token sent by the wrong site's guess is refused too.
        var wrongToken = CrossSite(HttpMethod.Post, $"/api/v1/procedures/{id}/unpublish");
        wrongToken.Headers.Add("RequestVerificationToken", "CfDJ8-devine");
        Assert.Equal(HttpStatusCode.BadRequest, (await member.Browser.Client.SendAsync(wrongToken)).StatusCode);
        Assert.True(await IsPublicAsync(member.Api, id));

        // The site's own pages hold the token: a same-origin script sending it with the cookie may write.
        var page = await member.Browser.Client.GetStringAsync($"/procedures/{id}");
        var own = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{id}/unpublish");
        own.Headers.Add("RequestVerificationToken", AuthorizationWorld.TokenOf(page));
        Assert.Equal(HttpStatusCode.OK, (await member.Browser.Client.SendAsync(own)).StatusCode);
        Assert.False(await IsPublicAsync(member.Api, id));

        // Reads with the cookie stay open to the member (they change nothing).
        Assert.Equal(HttpStatusCode.OK, (await member.Browser.Client.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_anonymous_public_write_needs_no_token_and_a_forged_one_from_a_session_is_refused(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        const string path = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/requests";
        var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd");
        var body = new { territory = "42095", sentOn = today, channel = "email" };

        // Anyone, without a session, as before.
        Assert.Equal(HttpStatusCode.Created, (await app.CreateBrowserlessClient().PostAsJsonAsync(path, body)).StatusCode);
        // A signed-in browser made to post it by another site: refused, whatever the endpoint would do with it.
        Assert.Equal(HttpStatusCode.BadRequest, (await member.Browser.Client.PostAsJsonAsync(path, body)).StatusCode);
        // The member's token: no antiforgery needed.
        Assert.Equal(HttpStatusCode.Created, (await member.Api.PostAsJsonAsync(path, body)).StatusCode);
    }
}
