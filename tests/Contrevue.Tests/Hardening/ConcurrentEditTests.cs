using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 9 of the hardening issue: two people saving the same dossier at once. The loser is told in
/// French that the dossier changed meanwhile (409), never a 500; a stale page form keeps what was typed.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ConcurrentEditTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Simultaneous_PUTs_on_one_dossier_get_200_or_a_French_409_never_a_500(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", Features.Observatoire.DossierApiTests.VsaDossier("VSA concurrente"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var statuses = new List<HttpStatusCode>();
        var titles = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var batch = Enumerable.Range(0, 12).Select(i => $"VSA concurrente, manche {round}, éditeur {i}").ToList();
            titles.AddRange(batch);
            var responses = await Task.WhenAll(batch.Select(title =>
                moderator.PutAsJsonAsync($"/api/v1/dossiers/{id}", Features.Observatoire.DossierApiTests.VsaDossier(title))));
            foreach (var response in responses)
            {
                statuses.Add(response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {body}");
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    using var problem = JsonDocument.Parse(body);
                    Assert.Contains("modifié entre-temps", problem.RootElement.GetProperty("title").GetString() + problem.RootElement.GetProperty("detail").GetString());
                }
            }
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        using var final = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/dossiers/{id}"));
        Assert.Contains(final.RootElement.GetProperty("title").GetString(), titles);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_PUT_with_a_stale_If_Match_is_refused_with_a_409(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", Features.Observatoire.DossierApiTests.VsaDossier("VSA versionnée"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var read = await moderator.GetAsync($"/api/v1/dossiers/{id}");
        var etag = read.Headers.ETag;
        Assert.NotNull(etag);

        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/dossiers/{id}") { Content = JsonContent.Create(Features.Observatoire.DossierApiTests.VsaDossier("VSA versionnée, première")) };
        first.Headers.IfMatch.Add(etag);
        var saved = await moderator.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.NotEqual(etag, saved.Headers.ETag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/dossiers/{id}") { Content = JsonContent.Create(Features.Observatoire.DossierApiTests.VsaDossier("VSA versionnée, périmée")) };
        stale.Headers.IfMatch.Add(etag);
        var refused = await moderator.SendAsync(stale);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("modifié entre-temps", problem.RootElement.GetProperty("title").GetString());
        using var final = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/dossiers/{id}"));
        Assert.Equal("VSA versionnée, première", final.RootElement.GetProperty("title").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_stale_edit_form_is_refused_and_keeps_what_was_typed(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var api = TestAccounts.ClientWithToken(app, token);
        var created = await api.PostAsJsonAsync("/api/v1/dossiers", Features.Observatoire.DossierApiTests.VsaDossier("VSA éditée deux fois"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var session = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var editUrl = $"/observatoire/dossiers/{id}/modifier";
        var form = Assert.Single(HtmlForms.PostForms(await session.Client.GetStringAsync(editUrl), editUrl));

        // Someone else saves first, while the form is open.
        var other = await api.PutAsJsonAsync($"/api/v1/dossiers/{id}", Features.Observatoire.DossierApiTests.VsaDossier("VSA éditée par une autre personne"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var typed = $"Titre tapé {Guid.NewGuid():N}"[..24];
        var submitted = await session.Client.PostAsync(editUrl, new FormUrlEncodedContent(form.With("Form.Title", typed)));

        Assert.Equal(HttpStatusCode.Conflict, submitted.StatusCode);
        var html = await submitted.Content.ReadAsStringAsync();
        Assert.Contains("modifié entre-temps", HtmlText.Visible(html));
        var redisplayed = Assert.Single(HtmlForms.PostForms(html, editUrl));
        Assert.Equal(typed, redisplayed.Value("Form.Title"));
        using var final = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/dossiers/{id}"));
        Assert.Equal("VSA éditée par une autre personne", final.RootElement.GetProperty("title").GetString());
    }
}
