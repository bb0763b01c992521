using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;

namespace Contrevue.Tests.Features.Moderation;

/// <summary>Each test on an instance of its own (public writes are rate-limited per instance), sharing the database.</summary>
[Collection(AppsCollection.Name)]
public sealed class ProposalApiTests(TestApps apps)
{
    private static object Contact(string territory, string mayor, string? website = "https://www.mairie-exemple.fr", string? contributorEmail = null) => new
    {
        kind = "territory-contact",
        territory,
        data = new { mayor, email = "contact@mairie-exemple.fr", postalAddress = "Place de l'Hôtel de Ville", website, cadaOfficer = "Mme Prada", verifiedOn = "2026-11-02" },
        source = "https://www.annuaire-mairie.example/firminy",
        contributorEmail,
        note = "Vu sur le site de la mairie",
    };

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_public_proposal_is_published_only_after_approval_with_its_history(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);
        var mayor = $"Julien Luya {Guid.NewGuid():N}"[..20];

        var posted = await anonymous.PostAsJsonAsync("/api/v1/proposals", Contact("42095", mayor));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using var accepted = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var id = accepted.RootElement.GetProperty("id").GetInt32();
        Assert.Equal("pending", accepted.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain(mayor, await anonymous.GetStringAsync("/api/v1/communes/42095"));
        Assert.DoesNotContain(mayor, await anonymous.GetStringAsync("/communes/42095-firminy"));

        using (var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/queue?territory=42095")))
        {
            var item = queue.RootElement.EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);
            Assert.Equal("commune:42095", item.GetProperty("territory").GetString());
            Assert.Equal(mayor, item.GetProperty("proposed").GetProperty("mayor").GetString());
        }

        var approved = await moderator.PostAsync($"/api/v1/moderation/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var again = await moderator.PostAsync($"/api/v1/moderation/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using (var commune = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/communes/42095")))
        {
            var contact = commune.RootElement.GetProperty("contact");
            Assert.Equal(mayor, contact.GetProperty("mayor").GetString());
            Assert.Equal("contact@mairie-exemple.fr", contact.GetProperty("email").GetString());
            Assert.Equal("2026-11-02", contact.GetProperty("verifiedOn").GetString());
        }
        Assert.Contains(mayor, await anonymous.GetStringAsync("/communes/42095-firminy"));

        using var history = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/communes/42095/history"));
        var latest = history.RootElement.GetProperty("items")[0];
        Assert.Equal($"public contribution #{id}", latest.GetProperty("author").GetProperty("label").GetString());
        Assert.Contains(latest.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "mayor" && c.GetProperty("after").GetString() == mayor);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_can_edit_before_approving_reject_with_a_reason_and_revert(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        async Task<int> ProposeAsync(string mayor)
        {
            var response = await anonymous.PostAsJsonAsync("/api/v1/proposals", Contact("departement:42", mayor));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        }

        var first = await ProposeAsync("Georges Ziegler");
        var edited = await moderator.PostAsJsonAsync($"/api/v1/moderation/{first}/approve", new { data = new { mayor = "Georges Ziegler (président)", email = "cabinet@loire.fr" } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var second = await ProposeAsync("Quelqu'un d'autre");
        var noReason = await moderator.PostAsJsonAsync($"/api/v1/moderation/{second}/reject", new { reason = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var rejected = await moderator.PostAsJsonAsync($"/api/v1/moderation/{second}/reject", new { reason = "Source introuvable" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var third = await ProposeAsync("Troisième version");
        var approved = JsonDocument.Parse(await (await moderator.PostAsync($"/api/v1/moderation/{third}/approve", null)).Content.ReadAsStringAsync());
        var revision = approved.RootElement.GetProperty("revision").GetInt32();
        var reverted = await moderator.PostAsJsonAsync($"/api/v1/moderation/revisions/{revision}/revert", new { reason = "Vandalisme" });
        Assert.Equal(HttpStatusCode.OK, reverted.StatusCode);
        using var revert = JsonDocument.Parse(await reverted.Content.ReadAsStringAsync());
        Assert.Equal(revision, revert.RootElement.GetProperty("revertsRevision").GetInt32());
        Assert.Contains(revert.RootElement.GetProperty("changes").EnumerateArray(),
            c => c.GetProperty("field").GetString() == "mayor" && c.GetProperty("after").GetString() == "Georges Ziegler (président)");
        Assert.StartsWith("account ", revert.RootElement.GetProperty("author").GetProperty("label").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Anonymous_members_and_sessions_cannot_use_the_moderation_api(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, memberToken);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/moderation/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/moderation/1/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/v1/moderation/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/v1/moderation/1/reject", new { reason = "x" })).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Hostile_or_malformed_proposals_get_clear_4xx_problems(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        async Task<(HttpStatusCode Status, string Body)> PostAsync(string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            var response = await client.PostAsync("/api/v1/proposals", content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var javascriptUrl = await PostAsync(JsonSerializer.Serialize(Contact("42095", "X", website: "javascript:alert(1)")));
        Assert.Equal(HttpStatusCode.BadRequest, javascriptUrl.Status);
        Assert.Contains("https://", javascriptUrl.Body);
        var unknownTerritory = await PostAsync(JsonSerializer.Serialize(Contact("99999", "X")));
        Assert.Equal(HttpStatusCode.BadRequest, unknownTerritory.Status);
        Assert.Contains("Territoire inconnu", unknownTerritory.Body);
        var badTerritory = await PostAsync(JsonSerializer.Serialize(Contact("region:xx", "X")));
        Assert.Equal(HttpStatusCode.BadRequest, badTerritory.Status);
        var wrongKind = await PostAsync("{\"kind\":\"dossier\",\"territory\":\"42095\",\"source\":\"s\",\"data\":{\"mayor\":\"x\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.Status);
        var wrongTypes = await PostAsync("{\"kind\":\"territory-contact\",\"territory\":42095,\"data\":[1,2]}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongTypes.Status);
        var notJson = await PostAsync("<script>alert(1)</script>");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        var empty = await PostAsync("{\"kind\":\"territory-contact\",\"territory\":\"42095\",\"source\":\"s\",\"data\":{}}");
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("au moins un élément", empty.Body);

        using (var huge = new StringContent("{\"kind\":\"territory-contact\",\"note\":\"" + new string('x', 1024 * 1024) + "\"}", Encoding.UTF8, "application/json"))
        {
            var tooLarge = await client.PostAsync("/api/v1/proposals", huge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        }
        using (var invalidUtf8 = new ByteArrayContent([.. "{\"kind\":\"territory-contact\",\"territory\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()]))
        {
            invalidUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var response = await client.PostAsync("/api/v1/proposals", invalidUtf8);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        foreach (var (status, body) in new[] { javascriptUrl, unknownTerritory, badTerritory, wrongKind, wrongTypes, notJson, empty })
        {
            Assert.True((int)status is >= 400 and < 500, body);
        }
    }
}

[Collection(AppsCollection.Name)]
public sealed class AuditLogTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Privileged_actions_are_logged_and_entries_cannot_be_changed(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var (user, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);

        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ContrevueDbContext>(scope.ServiceProvider);
        var entries = db.Set<Contrevue.Infrastructure.Audit.AuditEntry>().Where(a => a.Target == $"user:{user.Id}").ToList();
        Assert.Contains(entries, e => e.Action == "account.create" && e.Details == Roles.Moderator);
        Assert.Contains(entries, e => e.Action == "token.create");

        entries[0].Details = "réécrit";
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        db.ChangeTracker.Clear();
        db.Remove(db.Set<Contrevue.Infrastructure.Audit.AuditEntry>().First(a => a.Target == $"user:{user.Id}"));
        var deletion = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("ajout seul", deletion.Message);
    }
}

/// <summary>A burst from one client, on an instance of its own so that its limits start empty.</summary>
[Collection(AppsCollection.Name)]
public sealed class ProposalBurstTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Thirty_proposals_in_a_minute_the_excess_gets_429_in_french_and_nothing_is_stored_twice(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        var marker = $"Rafale {Guid.NewGuid():N}"[..24];

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 30; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/proposals", new
            {
                kind = "territory-contact",
                territory = "42207",
                data = new { mayor = $"{marker} {i}" },
                source = "https://example.org/rafale",
            });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, s.ToString()));
        var accepted = statuses.Count(s => s == HttpStatusCode.Accepted);
        Assert.InRange(accepted, 1, 20);
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Contains("Trop", await limited.Content.ReadAsStringAsync());
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(app.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ContrevueDbContext>(scope.ServiceProvider);
        var stored = db.Set<Contrevue.Features.Moderation.Proposal>().Where(p => p.Data.Contains(marker)).ToList();
        Assert.Equal(accepted, stored.Count);
        Assert.Equal(stored.Count, stored.Select(p => p.Data).Distinct().Count());
    }
}
