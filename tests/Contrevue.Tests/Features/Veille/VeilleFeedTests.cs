using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Contrevue.Tests.Features.Events;
using Contrevue.Tests.Hardening;

namespace Contrevue.Tests.Features.Veille;

/// <summary>The Atom feeds out: all articles, per territory, tag and dossier; valid Atom with links from the configured address.</summary>
[Collection(AppsCollection.Name)]
public sealed class VeilleFeedTests(TestApps apps)
{
    private const string PublicUrl = "https://contrevue.example";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_feeds_parse_back_per_territory_tag_and_dossier_with_links_from_the_configuration(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Site:PublicUrl"] = PublicUrl }, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var anonymous = app.CreateBrowserlessClient();
        var word = VeilleWorld.Word("Flux");
        var tag = "flux-" + word.ToLowerInvariant();
        var dossierId = await AuthorizationWorld.CreateDossierAsync(app, $"Caméras algorithmiques {word}", hidden: false);

        // Read (and cached) before the additions: they must evict them.
        var feeds = new[] { "/veille/flux.atom", "/veille/flux.atom?territoire=42218", "/veille/flux.atom?territoire=departement:42", $"/veille/flux.atom?tag={tag}", $"/veille/flux.atom?dossier={dossierId}" };
        foreach (var feed in feeds)
        {
            Assert.DoesNotContain((await ReadAsync(anonymous, feed)).Items, i => i.Title.Text.Contains(word, StringComparison.Ordinal));
        }

        var stEtienne = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " commune", publishedOn: VeilleWorld.Today, tags: [tag], dossiers: [dossierId]));
        var rhone = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " rhone", territories: ["departement:69"]));

        var all = await ReadAsync(anonymous, "/veille/flux.atom");
        var entry = all.Items.Single(i => i.Title.Text.Contains(word + " commune", StringComparison.Ordinal));
        Assert.Equal(stEtienne.GetProperty("title").GetString(), entry.Title.Text);
        Assert.Equal(new Uri($"{PublicUrl}{stEtienne.GetProperty("page").GetString()}"), entry.Links.Single(l => l.RelationshipType == "alternate").Uri);
        Assert.Equal(new Uri(stEtienne.GetProperty("url").GetString()!), entry.Links.Single(l => l.RelationshipType == "related").Uri);
        Assert.Contains(entry.Categories, c => c.Name == tag);
        Assert.Contains("Le Progrès", ((TextSyndicationContent)entry.Summary).Text);
        Assert.Contains(all.Items, i => i.Title.Text.Contains(word + " rhone", StringComparison.Ordinal));
        Assert.Equal(new Uri($"{PublicUrl}/veille/flux.atom"), all.Links.Single(l => l.RelationshipType == "self").Uri);

        // Per territory (a commune, its département), per tag, per dossier: only theirs.
        foreach (var feed in feeds.Skip(1))
        {
            var parsed = await ReadAsync(anonymous, feed);
            Assert.Contains(parsed.Items, i => i.Title.Text.Contains(word + " commune", StringComparison.Ordinal));
            Assert.DoesNotContain(parsed.Items, i => i.Title.Text.Contains(word + " rhone", StringComparison.Ordinal));
            Assert.StartsWith(PublicUrl + "/veille/flux.atom?", parsed.Links.Single(l => l.RelationshipType == "self").Uri.AbsoluteUri);
            Assert.All(parsed.Items.SelectMany(i => i.Links).Where(l => l.RelationshipType == "alternate"), l => Assert.StartsWith(PublicUrl + "/", l.Uri.AbsoluteUri));
        }
        Assert.Contains("Saint-Étienne", (await ReadAsync(anonymous, "/veille/flux.atom?territoire=42218")).Title.Text);
        Assert.Contains(word, (await ReadAsync(anonymous, $"/veille/flux.atom?dossier={dossierId}")).Title.Text);
        var lyon = await ReadAsync(anonymous, "/veille/flux.atom?territoire=departement:69");
        Assert.Contains(lyon.Items, i => i.Title.Text.Contains(word + " rhone", StringComparison.Ordinal));
        Assert.DoesNotContain(lyon.Items, i => i.Title.Text.Contains(word + " commune", StringComparison.Ordinal));

        // A forged Host changes no link of the feed.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/veille/flux.atom?tag=" + tag);
        forged.Headers.Host = "attaquant.example";
        var forgedBody = await (await anonymous.SendAsync(forged)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("attaquant.example", forgedBody);

        // Parameters the feed does not read share the cached copy; unknown ones it reads are French 400s.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/veille/flux.atom?tag={tag}&x=1")).StatusCode);
        foreach (var (query, field) in new[] { ("territoire=99999", "territoire"), ("territoire=nulle-part", "territoire"), ("dossier=abc", "dossier"), ("dossier=999999999", "dossier"), ("tag=---", "tag") })
        {
            var response = await anonymous.GetAsync("/veille/flux.atom?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<SyndicationFeed> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var formatter = new Atom10FeedFormatter();
        Assert.True(formatter.CanRead(reader));
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }
}
