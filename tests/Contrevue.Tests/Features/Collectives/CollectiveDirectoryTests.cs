using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Collectives;

/// <summary>
/// The public side of collectives: created by an admin, its profile filled and listed by a member, found
/// from the Saint-Étienne commune page, and written to through the relay — a real SMTP server on loopback
/// receives the message, and nobody's address is shown to anyone who should not see it.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class CollectiveDirectoryTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_members_with_a_confirmed_address_make_a_collective_contactable_and_receive_its_messages(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);
        var (unconfirmed, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (confirmed, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var name = $"Collectif ondainien {Guid.NewGuid():N}"[..30];
        int id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var collective = new Collective { Name = name, Listed = true, CreatedAt = DateTime.UnixEpoch };
            db.Add(collective);
            await db.SaveChangesAsync();
            id = collective.Id;
            db.Add(new CollectiveMember { CollectiveId = id, UserId = unconfirmed.Id, JoinedAt = DateTime.UnixEpoch });
            (await db.Users.SingleAsync(u => u.Id == unconfirmed.Id)).EmailConfirmed = false;
            await db.SaveChangesAsync();
        }
        var profilePath = CollectiveDirectory.ProfilePath(id, name);
        var visitor = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        Assert.Contains("Ce collectif ne reçoit pas encore de messages par Contrevue.", HtmlText.Visible(await visitor.Client.GetStringAsync($"{profilePath}/ecrire")));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new CollectiveMember { CollectiveId = id, UserId = confirmed.Id, JoinedAt = DateTime.UnixEpoch });
            await db.SaveChangesAsync();
        }
        Assert.Contains("Écrire au collectif", HtmlText.Visible(await visitor.Client.GetStringAsync(profilePath)));
        using (var api = JsonDocument.Parse(await visitor.Client.GetStringAsync($"/api/v1/collectives/{id}")))
        {
            Assert.True(api.RootElement.GetProperty("contactable").GetBoolean());
        }
        var sent = await visitor.SubmitAsync($"{profilePath}/ecrire", new Dictionary<string, string> { ["Text"] = "Un message pour les membres joignables." });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("Un message pour les membres joignables.", Assert.Single(await smtp.Server.WaitForAsync(confirmed.Email!)).TextBody);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().OutboxMessages.AnyAsync(m => m.Recipient == unconfirmed.Email));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_listed_collective_is_found_from_its_commune_and_written_to_without_an_address_shown(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);
        var (_, adminToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var admin = TestAccounts.ClientWithToken(app, adminToken);
        var (member, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var memberApi = TestAccounts.ClientWithToken(app, memberToken);
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var name = $"Collectif stéphanois {Guid.NewGuid():N}"[..30];

        // Created by an admin: not listed until a member says so.
        var created = await admin.PostAsJsonAsync("/api/v1/collectives", new { name, territories = new[] { "42218", "epci:244200770" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var createdJson = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = createdJson.RootElement.GetProperty("id").GetInt32();
        Assert.False(createdJson.RootElement.GetProperty("listed").GetBoolean());
        Assert.Equal(["42218", "epci:244200770"], createdJson.RootElement.GetProperty("territories").EnumerateArray().Select(t => t.GetString()));
        var profilePath = CollectiveDirectory.ProfilePath(id, name);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(profilePath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/collectives/{id}")).StatusCode);
        Assert.DoesNotContain(name, await anonymous.GetStringAsync("/collectifs"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new CollectiveMember { CollectiveId = id, UserId = member.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        // Its member fills the profile and lists it; the name and the territories stay the admins'.
        var renamed = await memberApi.PutAsJsonAsync($"/api/v1/collectives/{id}", new { name = "Autre nom", description = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, renamed.StatusCode);
        Assert.Contains("Seuls les administrateurs changent le nom et les territoires", await renamed.Content.ReadAsStringAsync());
        var widened = await memberApi.PutAsJsonAsync($"/api/v1/collectives/{id}", new { territories = new[] { "region:84" } });
        Assert.Equal(HttpStatusCode.Forbidden, widened.StatusCode);
        var filled = await memberApi.PutAsJsonAsync($"/api/v1/collectives/{id}", new
        {
            description = "**Collectif** contre la VSA à Saint-Étienne. Réunion chaque mercredi.\n\n<script>alert(1)</script>",
            links = new[] { new { label = (string?)"Mastodon", url = "https://piaille.fr/@collectif" }, new { label = (string?)null, url = "https://collectif.example.org/" } },
            listed = true,
        });
        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        using (var filledJson = JsonDocument.Parse(await filled.Content.ReadAsStringAsync()))
        {
            Assert.True(filledJson.RootElement.GetProperty("listed").GetBoolean());
            Assert.True(filledJson.RootElement.GetProperty("contactable").GetBoolean());
            Assert.Equal("collectif.example.org", filledJson.RootElement.GetProperty("links")[1].GetProperty("label").GetString());
        }

        // Found from the Saint-Étienne commune page, the directory (filtered on the Loire) and the API.
        var communePage = await anonymous.GetStringAsync("/communes/42218-saint-etienne");
        Assert.Contains($"href=\"{profilePath}\"", communePage);
        Assert.Contains("Collectifs locaux", HtmlText.Visible(communePage));
        Assert.Contains($"href=\"{profilePath}\"", await anonymous.GetStringAsync("/collectifs?departement=42"));
        Assert.DoesNotContain(name, await anonymous.GetStringAsync("/collectifs?departement=75"));
        Assert.Contains(name, await anonymous.GetStringAsync("/api/v1/collectives?territory=departement:42"));
        Assert.DoesNotContain(name, await anonymous.GetStringAsync("/api/v1/collectives?territory=departement:75"));

        var profile = await anonymous.GetAsync(profilePath);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        var profileHtml = await profile.Content.ReadAsStringAsync();
        Assert.Contains("<strong>Collectif</strong>", profileHtml);
        Assert.DoesNotContain("<script>alert", profileHtml);
        Assert.Contains("href=\"https://piaille.fr/@collectif\" rel=\"nofollow noopener noreferrer ugc\"", profileHtml);
        Assert.Contains("Saint-Étienne", HtmlText.Visible(profileHtml));
        Assert.DoesNotContain(member.Email!, profileHtml);
        // An old slug leads to the current one.
        var moved = await anonymous.GetAsync($"/collectifs/{id}-ancien-nom");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal(profilePath, moved.Headers.Location?.OriginalString);

        // The relay: the visitor asks for their address to be passed on.
        var visitorEmail = MailTestSupport.NewRecipient("visiteuse");
        var visitor = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var contactPage = await visitor.Client.GetStringAsync($"{profilePath}/ecrire");
        Assert.DoesNotContain(member.Email!, contactPage);
        var sent = await visitor.SubmitAsync($"{profilePath}/ecrire", new Dictionary<string, string>
        {
            ["Text"] = "Bonjour, je voudrais coller des affiches avec vous à Bellevue.",
            ["Name"] = "Camille",
            ["Email"] = visitorEmail,
            ["ShareAddress"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var thanks = await visitor.Client.GetStringAsync(sent.Headers.Location!.OriginalString);
        Assert.Contains("Votre message est parti.", HtmlText.Visible(thanks));
        Assert.DoesNotContain(member.Email!, thanks);

        var delivered = Assert.Single(await smtp.Server.WaitForAsync(member.Email!));
        Assert.StartsWith("Contrevue : un message pour Collectif stéphanois", delivered.Subject);
        Assert.Contains("je voudrais coller des affiches avec vous à Bellevue", delivered.TextBody);
        Assert.Contains("« Camille »", delivered.TextBody);
        Assert.Contains(visitorEmail, delivered.TextBody);
        Assert.Empty(smtp.Server.MessagesTo(visitorEmail));

        // Without the box ticked, the address typed goes nowhere.
        var quiet = await visitor.SubmitAsync($"{profilePath}/ecrire", new Dictionary<string, string>
        {
            ["Text"] = "Un second message, sans mon adresse.",
            ["Email"] = visitorEmail,
        });
        Assert.Equal(HttpStatusCode.Redirect, quiet.StatusCode);
        var second = (await smtp.Server.WaitForAsync(member.Email!, 2)).Single(m => (m.TextBody ?? "").Contains("Un second message", StringComparison.Ordinal));
        Assert.DoesNotContain(visitorEmail, second.TextBody);
        Assert.Contains("n'a pas souhaité transmettre son adresse", second.TextBody);

        // Nothing of the messages is kept once delivered.
        await Eventually.TrueAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().OutboxMessages.AsNoTracking()
                .Where(m => m.Recipient == member.Email).ToListAsync();
            return rows.Count == 2 && rows.All(r => r.Status == OutboxStatus.Sent && r.TextBody == "" && r.HtmlBody == "");
        }, "the relayed messages forgotten once sent");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_input_gets_a_french_400_and_nobody_else_may_write(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, adminToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var admin = TestAccounts.ClientWithToken(app, adminToken);
        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var outsider = TestAccounts.ClientWithToken(app, memberToken);
        var anonymous = app.CreateBrowserlessClient();
        var name = $"Collectif roannais {Guid.NewGuid():N}"[..28];

        async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            Assert.Equal(status, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("javascript:alert(1)", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives",
            new { name, territories = new[] { "42187" }, links = new[] { new { label = "Site", url = "javascript:alert(1)" } } })));
        Assert.Contains("n'est pas une adresse web", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives",
            new { name, territories = new[] { "42187" }, links = new[] { new { label = "Courriel", url = "mailto:a@b.fr" } } })));
        Assert.Contains("Territoire inconnu : 99999.", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives",
            new { name, territories = new[] { "99999" } })));
        Assert.Contains("Indiquez au moins un territoire", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives", new { name })));
        Assert.Contains("La description ne peut pas dépasser 10000 caractères.", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives",
            new { name, territories = new[] { "42187" }, description = new string('a', 100_000) })));
        Assert.Contains("Le champ", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives",
            new { name = name + "\u0007", territories = new[] { "42187" } })));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/collectives", new { name, territories = new[] { "42187" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync("/api/v1/collectives", new { name, territories = new[] { "42187" } })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/v1/collectives", new { name, territories = new[] { "42187" }, listed = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        // Another collective's member is told it does not exist, an anonymous caller to sign in.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync($"/api/v1/collectives/{id}", new { listed = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/v1/collectives/{id}", new { listed = false })).StatusCode);
        Assert.Contains("Un collectif s'appelle déjà", await RefusedAsync(await admin.PostAsJsonAsync("/api/v1/collectives", new { name, territories = new[] { "42187" } })));

        // The directory's criteria.
        Assert.Contains("Département inconnu : ZZ.", HtmlText.Visible(await RefusedAsync(await anonymous.GetAsync("/collectifs?departement=ZZ"))));
        Assert.Contains("La recherche ne peut pas dépasser 100 caractères.", HtmlText.Visible(await RefusedAsync(await anonymous.GetAsync("/collectifs?q=" + new string('a', 101)))));
        Assert.Contains("Territoire inconnu", await RefusedAsync(await anonymous.GetAsync("/api/v1/collectives?territory=nulle-part")));

        // A listed collective without members has no one to relay a message to.
        var profilePath = CollectiveDirectory.ProfilePath(id, name);
        Assert.Contains("ne reçoit pas encore de messages", HtmlText.Visible(await anonymous.GetStringAsync(profilePath)));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/collectifs/999999-inconnu")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/collectifs/999999-inconnu/ecrire")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_collective_receives_thirty_messages_an_hour_at_most_whoever_sends_them(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (member, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        await using var scope = app.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CollectiveService>().CreateAsync("tests",
            new CollectiveInput($"Collectif sollicité {Guid.NewGuid():N}"[..28], null, ["42187"], null, Listed: true), default);
        var collective = Assert.IsType<CollectiveChange.Saved>(created).Collective;
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = member.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        var relay = scope.ServiceProvider.GetRequiredService<Contrevue.Features.Collectives.Public.ContactRelay>();

        for (var i = 0; i < Contrevue.Features.Collectives.Public.ContactRelay.MaxPerCollectivePerHour; i++)
        {
            Assert.Empty((await relay.SendAsync(collective.Id, new($"Message {i}", null, null, false), default))!);
        }
        var refused = (await relay.SendAsync(collective.Id, new("Un de trop", null, null, false), default))!;
        Assert.StartsWith("Ce collectif a reçu beaucoup de messages dans l'heure", refused[Contrevue.Features.Collectives.Public.ContactRelay.TooManyKey]);
        Assert.Equal(30, await db.OutboxMessages.CountAsync(m => m.Recipient == member.Email));
    }

    [Fact]
    public void Links_typed_one_per_line_keep_their_label_and_refuse_what_is_not_the_web()
    {
        var text = new FrenchText();
        var parsed = CollectiveLinks.ParseLines("Mastodon https://piaille.fr/@collectif\nhttps://collectif.example.org\n\nNotre site : https://example.org/a b");
        Assert.Equal(3, parsed.Count);
        Assert.Equal(new CollectiveLinkInput("Mastodon", "https://piaille.fr/@collectif"), parsed[0]);
        Assert.Equal(new CollectiveLinkInput(null, "https://collectif.example.org"), parsed[1]);
        var (links, errors) = CollectiveLinks.Validate(parsed, text);
        Assert.Equal(["Mastodon", "collectif.example.org"], links.Select(l => l.Label));
        Assert.Equal([0, 1], links.Select(l => l.Position));
        Assert.Single(errors);
        Assert.Contains("« b » n'est pas une adresse web", errors[0]);

        var (_, tooMany) = CollectiveLinks.Validate([.. Enumerable.Range(0, 11).Select(i => new CollectiveLinkInput(null, $"https://example.org/{i}"))], text);
        Assert.Equal(["10 liens au plus."], tooMany);
        var (_, userInfo) = CollectiveLinks.Validate([new CollectiveLinkInput(null, "https://moi:secret@example.org/")], text);
        Assert.Single(userInfo);
    }
}
