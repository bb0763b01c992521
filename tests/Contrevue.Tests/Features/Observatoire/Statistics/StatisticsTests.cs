using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Contrevue.Features.Accounts;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Statistics;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Statistics;

/// <summary>Exact counts need a database of their own: the shared one holds the other tests' dossiers.</summary>
public sealed partial class StatisticsTests
{
    public static object Dossier(string title, string commune, string[] technologies, string status, string since, string vendor) => new
    {
        title,
        summary = "Un projet documenté pour les **statistiques**.",
        authority = new { kind = "commune", code = commune },
        technologies,
        vendors = new[] { new { name = vendor } },
        status,
        statusSince = since,
        sources = new[] { new { kind = "article", title = "Article de presse", url = "https://presse.example/article", publishedOn = "2020-01-01", confidence = "established" } },
    };

    [Fact]
    public void Map_classes_keep_zero_apart_and_split_the_other_counts_in_whole_numbers()
    {
        var counts = Enumerable.Repeat(0, 90).Concat([1, 1, 2, 3, 5, 8, 13, 40]);

        var classes = ObservatoireMap.ClassesFor(counts, (from, to) => $"{from}-{to}", "aucun");

        Assert.Equal(["aucun", "1-1", "2-4", "5-12", "13-40"], classes.Legend.Select(e => e.Label));
        Assert.Equal([0, 1, 2, 3, 4], classes.Legend.Select(e => e.ClassIndex));
        Assert.Equal([0, 1, 2, 2, 3, 4, 4], new[] { 0, 1, 2, 4, 5, 13, 40 }.Select(v => classes.ClassOf(v)));
        var few = ObservatoireMap.ClassesFor([0, 0, 3, 3], (from, to) => $"{from}-{to}", "aucun");
        Assert.Equal([(0, "aucun"), (4, "1-3")], few.Legend.Select(e => (e.ClassIndex, e.Label)));
        Assert.Single(ObservatoireMap.ClassesFor([0, 0], (from, to) => "", "aucun").Legend);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_statistics_count_visible_dossiers_every_way_and_colour_the_map(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var visitor = app.CreateBrowserlessClient();

        var empty = await visitor.GetAsync("/observatoire/statistiques");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Aucun dossier pour l'instant", HtmlText.Visible(await empty.Content.ReadAsStringAsync()));
        var emptyFeed = await visitor.GetAsync("/observatoire/flux.atom");
        Assert.Equal(HttpStatusCode.OK, emptyFeed.StatusCode);
        Assert.Empty(Load(await emptyFeed.Content.ReadAsStringAsync()).Items);

        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        await CreateAsync(moderator, DossierApiTests.VsaDossier("VSA à Saint-Étienne"));
        await CreateAsync(moderator, Dossier("Drones à Paris", "75056", ["drones", "vsa"], "announced", "2021-01-10", "Vision Exemple SAS"));
        var fictional = await CreateAsync(moderator, Dossier("LAPI à Paris", "75056", ["alpr"], "abandoned", "2024-03-01", "Autre Fournisseur"));
        var hidden = await CreateAsync(moderator, Dossier("Reconnaissance faciale à Lyon", "69123", ["facial-recognition"], "deployed", "2022-05-01", "Vision Exemple SAS"));
        await ChangeInDatabaseAsync(app, async db =>
        {
            await db.Set<Dossier>().Where(d => d.Id == fictional).ExecuteUpdateAsync(u => u.SetProperty(d => d.IsFictional, true));
            await db.Set<Dossier>().Where(d => d.Id == hidden).ExecuteUpdateAsync(u => u.SetProperty(d => d.IsHidden, true));
        });

        var html = WebUtility.HtmlDecode(await visitor.GetStringAsync("/observatoire/statistiques"));
        var text = HtmlText.Visible(html);
        Assert.Contains("3 dossiers documentés", text);
        Assert.Contains("Dont 1 dossier fictif", text);

        Assert.Equal(2, Count(html, "technologies", "vsa"));
        Assert.Equal(1, Count(html, "technologies", "video-verbalisation"));
        Assert.Equal(1, Count(html, "technologies", "drones"));
        Assert.Equal(1, Count(html, "technologies", "alpr"));
        Assert.Equal(0, Count(html, "technologies", "facial-recognition"));

        Assert.Equal(1, Count(html, "statuts", "deployed"));
        Assert.Equal(1, Count(html, "statuts", "announced"));
        Assert.Equal(1, Count(html, "statuts", "abandoned"));
        Assert.Equal(0, Count(html, "statuts", "experimented"));

        Assert.Equal(1, Count(html, "alertes", "authorization-expired"));
        Assert.Equal(1, Count(html, "alertes", "vsa-outside-experimentation"));

        Assert.Equal(2, Count(html, "table-departements", "75"));
        Assert.Equal(1, Count(html, "table-departements", "42"));
        Assert.DoesNotContain("data-code=\"69\"", Table(html, "table-departements"));
        Assert.Contains("href=\"/observatoire?departement=75\"", Table(html, "table-departements"));
        var byCount = Table(html, "table-departements");
        Assert.True(byCount.IndexOf("data-code=\"75\"", StringComparison.Ordinal) < byCount.IndexOf("data-code=\"42\"", StringComparison.Ordinal));
        var byCode = Table(WebUtility.HtmlDecode(await visitor.GetStringAsync("/observatoire/statistiques?tri=code")), "table-departements");
        Assert.True(byCode.IndexOf("data-code=\"42\"", StringComparison.Ordinal) < byCode.IndexOf("data-code=\"75\"", StringComparison.Ordinal));

        Assert.Matches("<a href=\"/observatoire/fournisseurs/vision-exemple-sas\">Vision Exemple SAS</a></th>\\s*<td class=\"numeric\">2</td>", html);
        Assert.Contains("href=\"/observatoire/fournisseurs/autre-fournisseur\"", html);

        Assert.Equal(1, Count(html, "table-annees", "2021"));
        Assert.Equal(1, Count(html, "table-annees", "2023"));
        Assert.Equal(1, Count(html, "table-annees", "2024"));
        Assert.DoesNotContain("data-code=\"2022\"", Table(html, "table-annees"));

        // The map: every département links to the filtered list, with its count; none is "no data".
        Assert.Contains("<a href=\"/observatoire?departement=75\" aria-label=\"Paris (75) : 2 dossiers\">", html);
        Assert.Contains("<a href=\"/observatoire?departement=42\" aria-label=\"Loire (42) : 1 dossier\">", html);
        Assert.Contains("<a href=\"/observatoire?departement=69\" aria-label=\"Rhône (69) : 0 dossier\">", html);
        Assert.DoesNotContain("map-q-1", html);
        Assert.DoesNotContain("href=\"/departements/", html);

        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/observatoire/flux.atom\"", html);
        Assert.DoesNotContain("style=", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_feed_lists_new_and_changed_visible_dossiers_latest_first(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var visitor = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var first = await CreateAsync(moderator, Dossier("Vidéosurveillance à Grenoble", "38185", ["cctv", "vsa"], "deployed", "2022-09-01", "Vision Exemple SAS"));
        var second = await CreateAsync(moderator, Dossier("Drones à Grenoble", "38185", ["drones"], "announced", "2024-02-01", "Autre Fournisseur"));
        await CreateAsync(moderator, DossierApiTests.VsaDossier("VSA à Saint-Étienne"));

        var response = await visitor.GetAsync("/observatoire/flux.atom?commune=38185");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var feed = Load(await response.Content.ReadAsStringAsync());
        Assert.Equal("Contrevue — observatoire de la vidéosurveillance — Grenoble", feed.Title.Text);
        Assert.Equal([second, first], feed.Items.Select(i => IdOf(i)));
        var entry = feed.Items.Last();
        var dossier = await DossierAsync(visitor, first);
        Assert.Equal($"tag:localhost,2026:dossier:{first}", entry.Id);
        Assert.Equal($"http://localhost/observatoire/dossiers/{first}-{dossier.GetProperty("slug").GetString()}", entry.Links.Single().Uri.ToString());
        Assert.Equal(DateTimeOffset.Parse(dossier.GetProperty("updatedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture), entry.LastUpdatedTime);
        Assert.Equal(["vsa", "cctv"], entry.Categories.Select(c => c.Name));
        Assert.Contains("Un projet documenté pour les statistiques.", ((TextSyndicationContent)entry.Summary).Text);
        Assert.Contains("Déployé", ((TextSyndicationContent)entry.Summary).Text);
        Assert.Contains("Grenoble", ((TextSyndicationContent)entry.Summary).Text);
        Assert.Equal(feed.Items.Max(i => i.LastUpdatedTime), feed.LastUpdatedTime);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.ToString() == "http://localhost/observatoire/flux.atom?commune=38185");
        Assert.Equal(3, Load(await visitor.GetStringAsync("/observatoire/flux.atom")).Items.Count());
        Assert.Single(Load(await visitor.GetStringAsync("/observatoire/flux.atom?departement=42")).Items);

        // Atom dates are to the second: the change must come in a later one.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var changed = await moderator.PutAsJsonAsync($"/api/v1/dossiers/{first}", Dossier("Vidéosurveillance à Grenoble : extension", "38185", ["cctv", "vsa"], "deployed", "2022-09-01", "Vision Exemple SAS"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = Load(await visitor.GetStringAsync("/observatoire/flux.atom"));
        Assert.Equal(first, IdOf(after.Items.First()));
        Assert.Equal("Vidéosurveillance à Grenoble : extension", after.Items.First().Title.Text);
        Assert.True(after.Items.First().LastUpdatedTime > entry.LastUpdatedTime);
        Assert.Equal(after.Items.First().LastUpdatedTime, after.LastUpdatedTime);

        await ChangeInDatabaseAsync(app, db => db.Set<Dossier>().Where(d => d.Id == second).ExecuteUpdateAsync(u => u.SetProperty(d => d.IsHidden, true)));
        Assert.DoesNotContain(second, Load(await visitor.GetStringAsync("/observatoire/flux.atom")).Items.Select(i => IdOf(i)));
        Assert.Equal([first], Load(await visitor.GetStringAsync("/observatoire/flux.atom?commune=38185")).Items.Select(i => IdOf(i)));

        foreach (var (query, field) in new[] { ("departement=999", "departement"), ("departement=x", "departement"), ("commune=00000", "commune"), ("commune=Grenoble", "commune") })
        {
            var refused = await visitor.GetAsync($"/observatoire/flux.atom?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("inconnu", problem.RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
        }
    }

    private static async Task<int> CreateAsync(HttpClient moderator, object dossier)
    {
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", dossier);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> DossierAsync(HttpClient client, int id)
    {
        using var body = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/dossiers/{id}"));
        return body.RootElement.Clone();
    }

    /// <summary>A change made behind the service's back (as a moderation decision would), then the cached pages dropped as it does.</summary>
    private static async Task ChangeInDatabaseAsync(AppFactory app, Func<ContrevueDbContext, Task> change)
    {
        using var scope = app.Services.CreateScope();
        await change(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
        await scope.ServiceProvider.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(DossierService.ObservatoireCacheTag, default);
    }

    private static SyndicationFeed Load(string atom)
    {
        using var reader = XmlReader.Create(new StringReader(atom));
        return SyndicationFeed.Load(reader);
    }

    private static int IdOf(SyndicationItem item) => int.Parse(item.Id.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    private static string Table(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {id}");
        return html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    private static int Count(string html, string table, string code)
    {
        var match = Row().Match(Table(html, table).Replace($"data-code=\"{code}\"", "data-code=\"?\"", StringComparison.Ordinal));
        Assert.True(match.Success, $"no row {code} in {table}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("data-code=\"\\?\">\\s*<th[^>]*>.*?</th>\\s*<td class=\"numeric\">([0-9]+)</td>", RegexOptions.Singleline)]
    private static partial Regex Row();
}
