using System.Net;
using Contrevue.Features.Veille;
using Contrevue.Tests.Features.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Veille;

/// <summary>/veille, an article's page and the territory pages' « Dans la presse », served from the cache and refreshed by additions.</summary>
[Collection(AppsCollection.Name)]
public sealed class VeillePageTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_page_filters_searches_and_pages_newest_first_and_shows_an_addition_at_once(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var anonymous = app.CreateBrowserlessClient();
        var word = VeilleWorld.Word("Page");
        var tag = "page-" + word.ToLowerInvariant();
        var outlet = "Média " + word;

        // Read (and cached) before: the addition must evict it.
        Assert.Contains("Aucun article ne correspond à ces critères.", HtmlText.Visible(await anonymous.GetStringAsync($"/veille?q={word}")));

        var older = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " ancien", publishedOn: "2026-02-01", tags: [tag], outlet: outlet));
        var newer = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " récent", publishedOn: "2026-09-30", territories: ["departement:69"], tags: [tag]));
        string Title(System.Text.Json.JsonElement e) => e.GetProperty("title").GetString()!;

        var searched = HtmlText.Visible(await anonymous.GetStringAsync($"/veille?q={word}"));
        Assert.True(searched.IndexOf(Title(newer), StringComparison.Ordinal) is var n && n >= 0 && n < searched.IndexOf(Title(older), StringComparison.Ordinal), searched);
        Assert.Contains("1er février 2026", searched);
        Assert.Contains("Saint-Étienne", searched);

        async Task<string> Shown(string query) => HtmlText.Visible(await anonymous.GetStringAsync("/veille?" + query));
        var byTag = await Shown($"tag={tag}");
        Assert.Contains(Title(older), byTag);
        Assert.Contains(Title(newer), byTag);
        var byDepartement = await Shown($"tag={tag}&departement=42");
        Assert.Contains(Title(older), byDepartement);
        Assert.DoesNotContain(Title(newer), byDepartement);
        var byOutlet = await Shown($"media={Uri.EscapeDataString(outlet)}");
        Assert.Contains(Title(older), byOutlet);
        Assert.DoesNotContain(Title(newer), byOutlet);
        var byPeriod = await Shown($"tag={tag}&du=2026-09-01&au=2026-12-31");
        Assert.Contains(Title(newer), byPeriod);
        Assert.DoesNotContain(Title(older), byPeriod);
        var byTerritory = await Shown($"tag={tag}&territoire=42218");
        Assert.Contains(Title(older), byTerritory);
        Assert.DoesNotContain(Title(newer), byTerritory);

        // Paging by keyset: 31 articles of one tag, 30 a page; the next page holds the last one, none twice.
        var pagingTag = "paging-" + word.ToLowerInvariant();
        using (var scope = app.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ArticleService>();
            for (var i = 0; i < 31; i++)
            {
                var added = await service.AddAsync(new ArticleInput($"Article {i:D2} {word}", "Le Progrès", null, "2026-06-15",
                    $"https://www.leprogres.fr/{word}/{i}", null, [pagingTag], ["42218"]), null, default);
                Assert.IsType<ArticleChange.Done>(added);
            }
        }
        var first = await anonymous.GetStringAsync($"/veille?tag={pagingTag}");
        var next = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/veille\\?[^\"]*apres=[^\"]+)\" rel=\"next\"");
        Assert.True(next.Success, HtmlText.Visible(first));
        var second = await anonymous.GetStringAsync(System.Net.WebUtility.HtmlDecode(next.Groups[1].Value));
        Assert.DoesNotContain("rel=\"next\"", second);
        var titles = Enumerable.Range(0, 31).Select(i => $"Article {i:D2} {word}").ToList();
        Assert.Equal(30, titles.Count(t => HtmlText.Visible(first).Contains(t, StringComparison.Ordinal)));
        Assert.Equal(1, titles.Count(t => HtmlText.Visible(second).Contains(t, StringComparison.Ordinal)));
        // Same day: the latest entered first.
        Assert.Contains(titles[30], HtmlText.Visible(first));
        Assert.Contains(titles[0], HtmlText.Visible(second));

        // The article's page, under its slug; another slug redirects there.
        var page = older.GetProperty("page").GetString()!;
        var articlePage = HtmlText.Visible(await anonymous.GetStringAsync(page));
        Assert.Contains(Title(older), articlePage);
        Assert.Contains(outlet, articlePage);
        Assert.Contains("Saint-Étienne", articlePage);
        var moved = await anonymous.GetAsync($"/veille/{older.GetProperty("id").GetInt32()}-autre");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/veille/999999999-rien")).StatusCode);
        // Unknown filters are ignored by the page (a stale link still lists), never a 500.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/veille?departement=ZZ&du=hier&territoire=nulle&apres=x&tag=---")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_commune_page_and_its_departement_show_their_latest_articles(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var anonymous = app.CreateBrowserlessClient();
        var word = VeilleWorld.Word("Panneau");
        // Montbrison (42147): a commune other tests leave alone; read (and cached) before.
        const string communePage = "/communes/42147-montbrison";
        Assert.DoesNotContain(word, await anonymous.GetStringAsync(communePage));

        var article = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word, publishedOn: VeilleWorld.Today, territories: ["42147"]));

        var commune = await anonymous.GetStringAsync(communePage);
        Assert.Contains("Dans la presse", HtmlText.Visible(commune));
        Assert.Contains(article.GetProperty("title").GetString()!, HtmlText.Visible(commune));
        Assert.Contains($"href=\"{article.GetProperty("page").GetString()}\"", commune);
        Assert.Contains("href=\"/veille/flux.atom?territoire=42147\"", commune);
        var departement = await anonymous.GetStringAsync("/departements/42-loire");
        Assert.Contains(article.GetProperty("title").GetString()!, HtmlText.Visible(departement));
        Assert.DoesNotContain(word, await anonymous.GetStringAsync("/communes/42218-saint-etienne"));
    }
}
