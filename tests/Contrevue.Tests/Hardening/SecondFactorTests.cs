using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 10: a moderator (or admin) signed in with a password only holds none of the role's powers
/// until the second factor is given — on pages and through the API alike, wherever the role is checked.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class SecondFactorTests(TestApps apps)
{
    private const string Campaign = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville";

    private static string Today => Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd");

    private static async Task<int> PublishedResponsesAsync(AppFactory app, string territoryCode)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.Set<CampaignResponse>().CountAsync(r => r.TerritoryCode == territoryCode);
    }

    private static async Task<ProposalStatus> ProposalStatusAsync(AppFactory app, int id)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.Set<Proposal>().Where(p => p.Id == id).Select(p => p.Status).SingleAsync();
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_without_a_second_factor_cannot_publish_answers_or_read_hidden_dossiers_until_totp_is_set_up(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (moderator, _) = await AuthorizationWorld.SignInWithPasswordOnlyAsync(app, Roles.Moderator);
        var secret = $"Dossier masqué {Guid.NewGuid():N}";
        var hidden = await AuthorizationWorld.CreateDossierAsync(app, secret, hidden: true);
        const string saintEtienne = "42218";
        var answer = new { territory = saintEtienne, respondedOn = Today, kind = "refused", quote = "Nous ne renoncerons pas." };

        // The API, with the session cookie and the page's antiforgery token (as the site's own script would send it).
        // Other tests share this database and publish answers of their own: count this test's difference only.
        var publishedBefore = await PublishedResponsesAsync(app, saintEtienne);
        var published = await moderator.SendJsonAsync(HttpMethod.Post, $"{Campaign}/responses", answer);
        Assert.NotEqual(HttpStatusCode.Created, published.StatusCode);
        Assert.DoesNotContain("\"published\"", await published.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(publishedBefore, await PublishedResponsesAsync(app, saintEtienne));

        var apiRead = await moderator.Client.GetAsync($"/api/v1/dossiers/{hidden}");
        Assert.Equal(HttpStatusCode.NotFound, apiRead.StatusCode);
        Assert.DoesNotContain(secret, await apiRead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = await moderator.Client.GetAsync($"/api/v1/dossiers/{hidden}/history");
        Assert.DoesNotContain(secret, await history.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, history.StatusCode);

        // Pages: the dossier and the moderation queue send to the TOTP set-up, and show nothing.
        var page = await moderator.Client.GetAsync($"/observatoire/dossiers/{hidden}-vsa-matrice");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(secret, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var queue = await moderator.Client.GetAsync("/moderation");
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.StartsWith("/compte/double-authentification", queue.Headers.Location?.OriginalString);
        // A moderation form posted with a valid antiforgery token decides nothing.
        var proposed = await app.CreateBrowserlessClient().PostAsJsonAsync($"{Campaign}/responses", new { territory = "42095", respondedOn = Today, kind = "committed", sourceUrl = "https://example.org/reponse" });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var proposalId = JsonDocument.Parse(await proposed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var reject = await moderator.Client.PostAsync($"/moderation/reponses/{proposalId}?handler=Reject",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = moderator.AntiforgeryToken, ["Reason"] = "Sans second facteur" }));
        Assert.NotEqual(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal(ProposalStatus.Pending, await ProposalStatusAsync(app, proposalId));

        // The same session, once TOTP is set up, has the moderator's powers.
        await AuthorizationWorld.EnrolTotpAsync(moderator);
        var afterTotp = await moderator.SendJsonAsync(HttpMethod.Post, $"{Campaign}/responses", answer);
        Assert.Equal(HttpStatusCode.Created, afterTotp.StatusCode);
        Assert.Equal("published", JsonDocument.Parse(await afterTotp.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(publishedBefore + 1, await PublishedResponsesAsync(app, saintEtienne));
        Assert.Contains(secret, await moderator.Client.GetStringAsync($"/api/v1/dossiers/{hidden}"), StringComparison.Ordinal);
        Assert.Contains(secret, await moderator.Client.GetStringAsync($"/observatoire/dossiers/{hidden}-vsa-matrice"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await moderator.Client.GetAsync("/moderation")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_session_of_an_admin_without_a_second_factor_holds_no_role_and_api_tokens_keep_theirs(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (admin, adminToken) = await AuthorizationWorld.SignInWithPasswordOnlyAsync(app, Roles.Admin);
        var secret = $"Dossier masqué {Guid.NewGuid():N}";
        var hidden = await AuthorizationWorld.CreateDossierAsync(app, secret, hidden: true);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Client.GetAsync($"/api/v1/dossiers/{hidden}")).StatusCode);
        var adminPage = await admin.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, adminPage.StatusCode);
        Assert.StartsWith("/compte/double-authentification", adminPage.Headers.Location?.OriginalString);

        // A token, made by the CLI or the account page, is not an interactive session: it keeps its roles.
        var token = TestAccounts.ClientWithToken(app, adminToken);
        var tokenMe = JsonDocument.Parse(await token.GetStringAsync("/api/v1/me")).RootElement;
        Assert.Contains("admin", tokenMe.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(secret, await token.GetStringAsync($"/api/v1/dossiers/{hidden}"), StringComparison.Ordinal);
    }
}
