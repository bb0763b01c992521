using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Veille;
using Contrevue.Features.Veille.Feeds;
using Contrevue.Infrastructure.Fetching;
using Contrevue.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Veille.Feeds;

/// <summary>
/// Feeds polled for real: the app fetches them over HTTP from a Kestrel server on 127.0.0.1, which only a test host
/// may reach (its address policy replaced through ConfigureTestServices); the app's own policy refuses it.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class FeedPollingTests(TestApps apps)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_shape_is_read_over_http_and_a_second_poll_sends_the_validators_and_adds_nothing(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        var word = VeilleWorld.Word("Forme");
        var shapes = new (string Path, string Fixture, string ContentType, int Items)[]
        {
            ("/rss.xml", "rss2-french-dates.xml", "application/rss+xml; charset=utf-8", 4),
            ("/atom.xml", "atom-relative-links.xml", "application/atom+xml", 3),
            ("/latin1.xml", "latin1-declared-utf8.xml", "text/xml; charset=utf-8", 1),
            ("/utf8.xml", "utf8-declared-latin1.xml", "text/xml; charset=iso-8859-1", 1),
            ("/rdf.xml", "rss1-rdf.xml", "application/rdf+xml", 1),
            ("/feed.json", "jsonfeed.json", "application/feed+json", 2),
        };
        var ids = new Dictionary<string, int>();
        foreach (var shape in shapes)
        {
            world.Server.Feed(shape.Path, FeedFixtures.Bytes(shape.Fixture, word), shape.ContentType, $"\"{shape.Path}-v1\"", Monday);
            var created = await world.CreateFeedAsync(world.Server.Url(shape.Path));
            Assert.Equal("active", created.GetProperty("status").GetString());
            Assert.True(created.GetProperty("lastError").ValueKind == JsonValueKind.Null, created.ToString());
            Assert.Equal(shape.Items, created.GetProperty("pendingItems").GetInt32());
            ids[shape.Path] = created.GetProperty("id").GetInt32();
        }

        var items = await world.ItemsAsync(word);
        Assert.Equal(12, items.Count);
        var sete = items.Single(i => i.SourceId == $"midilibre-1001-{word}");
        Assert.Equal($"Vidéosurveillance algorithmique : Sète s'équipe encore & toujours {word}", sete.Title);
        Assert.Equal($"https://www.midilibre.fr/{word}/2026/12/02/sete-vsa", sete.CanonicalUrl);
        Assert.Equal(new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc), sete.PublishedAt);
        Assert.Equal($"Midi Libre — Hérault {word}", sete.Outlet);
        // Sète, named by the title, suggested for sure.
        Assert.Contains("34301", sete.SuggestedTerritories);
        Assert.Null(items.Single(i => i.SourceId == $"midilibre-1003-{word}").PublishedAt);
        Assert.Equal($"https://www.laquadrature.example/{word}/actu/{word}/2026/12/drones-nice", items.Single(i => i.Title.StartsWith("Drones & VSA à Nice", StringComparison.Ordinal)).Url);
        Assert.Contains(items, i => i.Title == $"Caméras à Béziers : l'été de la vidéosurveillance {word}");
        Assert.Contains(items, i => i.Title == $"Vidéoverbalisation contestée à Génilac {word}");
        Assert.Contains(items, i => i.Title == $"Toulouse : des caméras augmentées au Capitole {word}");
        Assert.Equal(world.Server.Url($"/articles/{word}/vsa-lyon"), items.Single(i => i.SourceId == $"obs-1-{word}").Url);

        // Second poll: the validators go back, the server answers 304, nothing is added.
        foreach (var (path, id) in ids)
        {
            var polled = await world.PollAsync(id);
            Assert.True(polled.GetProperty("lastError").ValueKind == JsonValueKind.Null, polled.ToString());
            Assert.Equal(0, polled.GetProperty("consecutiveFailures").GetInt32());
            var second = world.Server.Requests.Where(r => r.Path == path).ToList();
            Assert.Equal(2, second.Count);
            Assert.Null(second[0].IfNoneMatch);
            Assert.Equal($"\"{path}-v1\"", second[1].IfNoneMatch);
            Assert.Equal(Monday.ToString("R", System.Globalization.CultureInfo.InvariantCulture), second[1].IfModifiedSince);
        }
        Assert.Equal(12, (await world.ItemsAsync(word)).Count);

        // The feed changes: only its new item is added.
        world.Server.Feed("/rss.xml", FeedFixtures.Bytes("rss2-french-dates-next-day.xml", word), "application/rss+xml", "\"/rss.xml-v2\"", Monday.AddDays(1));
        var changed = await world.PollAsync(ids["/rss.xml"]);
        Assert.Equal(5, changed.GetProperty("pendingItems").GetInt32());
        var after = await world.ItemsAsync(word);
        Assert.Equal(13, after.Count);
        Assert.Single(after, i => i.SourceId == $"midilibre-1005-{word}");
        Assert.Equal(5, after.Count(i => i.FeedId == ids["/rss.xml"]));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_same_article_in_two_feeds_waits_once_and_the_keyword_filter_keeps_what_it_names(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        var word = VeilleWorld.Word("Doublon");
        world.Server.Feed("/midilibre.xml", FeedFixtures.Bytes("rss2-french-dates.xml", word), "application/rss+xml", "\"a\"", Monday);
        world.Server.Feed("/relais.xml", FeedFixtures.Bytes("rss2-partner-relay.xml", word), "application/rss+xml", "\"b\"", Monday);

        var first = await world.CreateFeedAsync(world.Server.Url("/midilibre.xml"), keywords: ["vidéosurveillance", "Caméra", "reconnaissance faciale"]);
        // « Fête des lumières » names none of them.
        Assert.Equal(3, first.GetProperty("pendingItems").GetInt32());
        var second = await world.CreateFeedAsync(world.Server.Url("/relais.xml"));
        // The relay of Sète's article (same address, another tracking parameter) and Le Havre's (same title, other
        // case and punctuation) are already waiting: only Béziers's is new.
        Assert.Equal(1, second.GetProperty("pendingItems").GetInt32());
        var items = await world.ItemsAsync(word);
        Assert.Equal(4, items.Count);
        Assert.Single(items, i => i.Title.Contains("Le Havre", StringComparison.OrdinalIgnoreCase));
        Assert.Single(items, i => i.CanonicalUrl == $"https://www.midilibre.fr/{word}/2026/12/02/sete-vsa");
        Assert.DoesNotContain(items, i => i.Title.StartsWith("Fête", StringComparison.Ordinal));

        var listed = await world.Moderator.GetFromJsonAsync<JsonElement>("/api/v1/feeds");
        var row = listed.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == first.GetProperty("id").GetInt32());
        Assert.Equal(new[] { "vidéosurveillance", "Caméra", "reconnaissance faciale" }, row.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal($"Midi Libre — Hérault {word}", row.GetProperty("title").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Retry_after_is_honoured_failures_back_off_then_pause_with_the_error_shown(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        world.Server.Status("/busy.xml", 503, retryAfter: "7200");
        var busy = await world.CreateFeedAsync(world.Server.Url("/busy.xml"));
        Assert.Equal("Le site a répondu par une erreur (503).", busy.GetProperty("lastError").GetString());
        AssertWait(TimeSpan.FromHours(2), busy);

        world.Server.Status("/broken.xml", 500);
        var broken = await world.CreateFeedAsync(world.Server.Url("/broken.xml"));
        var id = broken.GetProperty("id").GetInt32();
        AssertWait(TimeSpan.FromMinutes(15), broken);
        AssertWait(TimeSpan.FromMinutes(30), await world.PollAsync(id));
        AssertWait(TimeSpan.FromMinutes(60), await world.PollAsync(id));
        var fourth = await world.PollAsync(id);
        AssertWait(TimeSpan.FromMinutes(120), fourth);
        Assert.Equal("active", fourth.GetProperty("status").GetString());
        var fifth = await world.PollAsync(id);
        Assert.Equal("paused", fifth.GetProperty("status").GetString());
        Assert.Equal(5, fifth.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal("Le site a répondu par une erreur (500).", fifth.GetProperty("lastError").GetString());

        // A paused feed is not polled by the job, even once due.
        await world.MakeDueAsync(id);
        var requests = world.Server.Requests.Count(r => r.Path == "/broken.xml");
        await world.PollDueAsync();
        Assert.Equal(requests, world.Server.Requests.Count(r => r.Path == "/broken.xml"));

        var moderator = await TestAccounts.SignInWithTotpAsync(world.App, Roles.Moderator);
        var page = await moderator.Client.GetStringAsync("/veille/flux");
        var row = HtmlText.Visible(page[page.IndexOf($"id=\"flux-{id}\"", StringComparison.Ordinal)..]);
        Assert.Contains("En pause", row);
        Assert.Contains("Le site a répondu par une erreur (500).", row);

        // The site is repaired; resuming reads it at once.
        world.Server.Feed("/broken.xml", FeedFixtures.Bytes("rss2-partner-relay.xml", VeilleWorld.Word("Repare")), "application/rss+xml", "\"r\"", Monday);
        var resumed = await world.Moderator.PostAsync($"/api/v1/feeds/{id}/resume", null);
        var document = await resumed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("active", document.GetProperty("status").GetString());
        Assert.Equal(0, document.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(document.GetProperty("lastError").ValueKind == JsonValueKind.Null);
        Assert.Equal(3, document.GetProperty("pendingItems").GetInt32());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_loopback_or_private_feed_address_is_refused_in_french(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        // The app as it runs in production: its own address policy.
        var strict = TestAccounts.ClientWithToken(world.App, world.ModeratorToken);
        foreach (var url in new[] { world.Server.Url("/rss.xml"), "http://localhost/rss", "http://10.1.2.3/rss", "http://[::1]:8080/rss", "http://169.254.169.254/latest/meta-data", "http://192.168.1.1/flux" })
        {
            var response = await strict.PostAsJsonAsync("/api/v1/feeds", new { url, keywords = Array.Empty<string>() });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {body}");
            Assert.Contains("Adresse refusée : les adresses locales ou privées", JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("url")[0].GetString());
        }
        var invalid = await strict.PostAsJsonAsync("/api/v1/feeds", new { url = "ftp://exemple.fr/rss", keywords = new[] { new string('x', 61) } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.StartsWith("L'adresse du flux est une adresse web complète", errors.GetProperty("url")[0].GetString());
        Assert.StartsWith("Chaque mot-clé", errors.GetProperty("keywords")[0].GetString());
        using var scope = world.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        Assert.False(await db.Set<FeedSubscription>().AnyAsync(f => f.Url.Contains("10.1.2.3") || f.Url.Contains("169.254")));

        // The same holds while polling: the test host's own seam allows loopback only, the metadata service stays out.
        var polled = await world.Moderator.PostAsJsonAsync("/api/v1/feeds", new { url = "http://169.254.169.254/latest/meta-data" });
        Assert.Equal(HttpStatusCode.BadRequest, polled.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_50_MB_feed_is_cut_at_the_cap_while_it_streams(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        const long fifty = 50L * 1000 * 1000;
        foreach (var announced in new[] { false, true })
        {
            await using var huge = new HugeFeedServer(fifty, announced);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var feed = await world.CreateFeedAsync(huge.Url);
            Assert.Equal("Flux trop volumineux : il dépasse 5 Mio, la taille lue au plus pour un flux.", feed.GetProperty("lastError").GetString());
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), started.Elapsed.ToString());
            await huge.Served.WaitAsync(TimeSpan.FromSeconds(20));
            // The client hung up at its cap (or at the announced length): a few MiB in the sockets' buffers at most,
            // never the 50 MB, let alone held.
            Assert.True(huge.Sent < 20L * 1024 * 1024, $"announced: {announced}, sent: {huge.Sent}");
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_malformed_feed_shows_its_error_on_its_row_and_the_other_feeds_are_still_polled(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        var word = VeilleWorld.Word("Casse");
        world.Server.Feed("/casse.xml", FeedFixtures.Bytes("malformed.xml", word), "application/rss+xml", "\"c\"", Monday);
        world.Server.Feed("/xxe.xml", FeedFixtures.Bytes("xxe.xml", word), "application/rss+xml", "\"x\"", Monday);
        world.Server.Feed("/sain.xml", FeedFixtures.Bytes("rss2-french-dates.xml", word), "application/rss+xml", "\"s1\"", Monday);
        var broken = await world.CreateFeedAsync(world.Server.Url("/casse.xml"));
        Assert.StartsWith("Flux illisible : XML mal formé (ligne 2", broken.GetProperty("lastError").GetString());
        var xxe = await world.CreateFeedAsync(world.Server.Url("/xxe.xml"));
        Assert.Equal("Flux refusé : les déclarations DTD (<!DOCTYPE>) ne sont pas acceptées.", xxe.GetProperty("lastError").GetString());
        var healthy = await world.CreateFeedAsync(world.Server.Url("/sain.xml"));
        Assert.Equal(4, healthy.GetProperty("pendingItems").GetInt32());

        // All three due; the broken ones come first and fail again, the healthy one still brings its new item.
        world.Server.Feed("/sain.xml", FeedFixtures.Bytes("rss2-french-dates-next-day.xml", word), "application/rss+xml", "\"s2\"", Monday.AddDays(1));
        var ids = new[] { broken, xxe, healthy }.Select(f => f.GetProperty("id").GetInt32()).ToArray();
        foreach (var id in ids)
        {
            await world.MakeDueAsync(id);
        }
        Assert.True(await world.PollDueAsync() >= 3);
        var listed = (await world.Moderator.GetFromJsonAsync<JsonElement>("/api/v1/feeds")).GetProperty("items").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetInt32());
        Assert.Equal(2, listed[ids[0]].GetProperty("consecutiveFailures").GetInt32());
        Assert.StartsWith("Flux illisible", listed[ids[0]].GetProperty("lastError").GetString());
        Assert.Equal(5, listed[ids[2]].GetProperty("pendingItems").GetInt32());
        Assert.True(listed[ids[2]].GetProperty("lastError").ValueKind == JsonValueKind.Null);

        var moderator = await TestAccounts.SignInWithTotpAsync(world.App, Roles.Moderator);
        var page = await moderator.Client.GetStringAsync("/veille/flux");
        var row = page[page.IndexOf($"id=\"flux-{ids[0]}\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Flux illisible : XML mal formé", HtmlText.Visible(row));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Accepting_from_the_queue_publishes_the_article_with_its_territories_and_rejecting_removes_it(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        var word = VeilleWorld.Word("File");
        world.Server.Feed("/rss.xml", FeedFixtures.Bytes("rss2-french-dates.xml", word), "application/rss+xml", "\"q1\"", Monday);
        await world.CreateFeedAsync(world.Server.Url("/rss.xml"), title: "Midi Libre");
        var items = await world.ItemsAsync(word);
        var sete = items.Single(i => i.SourceId == $"midilibre-1001-{word}");
        var fete = items.Single(i => i.SourceId == $"midilibre-1004-{word}");

        var moderator = await TestAccounts.SignInWithTotpAsync(world.App, Roles.Moderator);
        var queue = await moderator.Client.GetStringAsync("/veille/a-verifier");
        Assert.Contains($"Vidéosurveillance algorithmique : Sète s'équipe encore & toujours {word}", HtmlText.Visible(queue));
        // Sète is named for sure: its box is checked.
        Assert.Matches($"<input type=\"checkbox\" id=\"t-{sete.Id}-[^\"]*\" name=\"territories\" value=\"[a-z:]*34301\" checked", queue);

        var accepted = await moderator.SubmitAsync("/veille/a-verifier",
            new Dictionary<string, string> { ["item"] = sete.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["territories"] = "34301", ["other"] = "34172, departement:34" },
            "/veille/a-verifier?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var published = await VeilleWorld.ItemsAsync(world.App.CreateBrowserlessClient(), $"?q={word}");
        var article = Assert.Single(published);
        Assert.Equal($"https://www.midilibre.fr/{word}/2026/12/02/sete-vsa", article.GetProperty("url").GetString());
        Assert.Equal("Midi Libre", article.GetProperty("outlet").GetString());
        Assert.Equal("2026-12-02", article.GetProperty("publishedOn").GetString());
        var territories = article.GetProperty("territories").EnumerateArray().Select(t => t.ToString()).ToList();
        Assert.Contains(territories, t => t.Contains("34301", StringComparison.Ordinal));
        Assert.Contains(territories, t => t.Contains("34172", StringComparison.Ordinal));
        Assert.Contains(territories, t => t.Contains("departement:34", StringComparison.Ordinal));

        var rejected = await moderator.SubmitAsync("/veille/a-verifier",
            new Dictionary<string, string> { ["item"] = fete.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/veille/a-verifier?handler=Reject");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var after = HtmlText.Visible(await moderator.Client.GetStringAsync("/veille/a-verifier"));
        Assert.DoesNotContain($"Sète s'équipe encore & toujours {word}", after);
        Assert.DoesNotContain($"Fête des lumières : programme complet {word}", after);
        Assert.Contains($"Reconnaissance faciale : Le Havre renonce {word}", after);
        Assert.Single(await VeilleWorld.ItemsAsync(world.App.CreateBrowserlessClient(), $"?q={word}"));

        // A bad territory: a French 400, the item still waiting.
        var havre = items.Single(i => i.SourceId == $"midilibre-1002-{word}");
        var wrong = await moderator.SubmitAsync("/veille/a-verifier",
            new Dictionary<string, string> { ["item"] = havre.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["other"] = "99999" },
            "/veille/a-verifier?handler=Accept");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Territoire inconnu", HtmlText.Visible(await wrong.Content.ReadAsStringAsync()));

        // The feed changes its validators: decided items do not come back.
        world.Server.Feed("/rss.xml", FeedFixtures.Bytes("rss2-french-dates.xml", word), "application/rss+xml", "\"q2\"", Monday.AddDays(1));
        var feedId = sete.FeedId;
        var repolled = await world.PollAsync(feedId);
        Assert.Equal(2, repolled.GetProperty("pendingItems").GetInt32());
        var statuses = (await world.ItemsAsync(word)).ToDictionary(i => i.SourceId, i => i.Status);
        Assert.Equal(FeedItemStatus.Accepted, statuses[$"midilibre-1001-{word}"]);
        Assert.Equal(FeedItemStatus.Rejected, statuses[$"midilibre-1004-{word}"]);
        Assert.Equal(4, statuses.Count);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Feeds_are_for_moderators_only(DatabaseProvider provider)
    {
        await using var world = await FeedWorld.StartAsync(apps, provider);
        var anonymous = world.App.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/feeds")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/feeds", new { url = "https://exemple.fr/rss" })).StatusCode);
        foreach (var page in new[] { "/veille/flux", "/veille/a-verifier" })
        {
            var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/connexion", response.Headers.Location!.OriginalString);
        }
        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(world.App, Roles.Member);
        var member = TestAccounts.ClientWithToken(world.App, memberToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/v1/feeds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/v1/feeds", new { url = "https://exemple.fr/rss" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync("/api/v1/feeds/1/poll", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync("/api/v1/feeds/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Moderator.PostAsync("/api/v1/feeds/999999/poll", null)).StatusCode);
    }

    private static void AssertWait(TimeSpan expected, JsonElement feed)
    {
        var next = feed.GetProperty("nextPollAt").GetDateTime();
        var wait = next - TimeProvider.System.GetUtcNow().UtcDateTime;
        Assert.True(wait > expected - TimeSpan.FromMinutes(1) && wait <= expected + TimeSpan.FromSeconds(5), $"expected about {expected}, got {wait}");
    }
}

/// <summary>
/// One test's world: the shared database's app (its production address policy), the same app with the loopback seam,
/// a moderator's token on it, and a fixture server on 127.0.0.1.
/// </summary>
internal sealed class FeedWorld : IAsyncDisposable
{
    public required AppFactory App { get; init; }
    public required WebApplicationFactory<Program> Loopback { get; init; }
    public required FeedFixtureServer Server { get; init; }
    public required HttpClient Moderator { get; init; }
    public required string ModeratorToken { get; init; }

    public static async Task<FeedWorld> StartAsync(TestApps apps, DatabaseProvider provider)
    {
        // The job's own passes are left out (once a day): the tests poll when they mean to.
        var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Veille:Feeds:PollSeconds"] = "86400" }, ownsDatabase: false);
        var loopback = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IOutboundAddressPolicy, LoopbackForTests>()));
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var client = loopback.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new FeedWorld { App = app, Loopback = loopback, Server = await FeedFixtureServer.StartAsync(), Moderator = client, ModeratorToken = token };
    }

    public async Task<JsonElement> CreateFeedAsync(string url, string[]? keywords = null, string? title = null)
    {
        var response = await Moderator.PostAsJsonAsync("/api/v1/feeds", new { url, title, keywords = keywords ?? [] });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> PollAsync(int id)
    {
        var response = await Moderator.PostAsync($"/api/v1/feeds/{id}/poll", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The items of this test's feeds (their titles carry its word).</summary>
    public async Task<List<FeedItem>> ItemsAsync(string word)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.Set<FeedItem>().AsNoTracking().Where(i => i.Title.Contains(word)).OrderBy(i => i.Id).ToListAsync();
    }

    public async Task MakeDueAsync(int id)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var past = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1);
        await db.Set<FeedSubscription>().Where(f => f.Id == id).ExecuteUpdateAsync(set => set.SetProperty(f => f.NextPollAt, past));
    }

    /// <summary>One pass of the polling job, in the host that may reach the fixture server.</summary>
    public async Task<int> PollDueAsync()
    {
        using var scope = Loopback.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<FeedPoller>().PollDueAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await App.DisposeAsync();
    }
}
