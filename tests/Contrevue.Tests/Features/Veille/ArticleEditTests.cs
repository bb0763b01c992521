using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Contrevue.Tests.Features.Events;

namespace Contrevue.Tests.Features.Veille;

/// <summary>
/// Moderators, and the member who added it, change every field of an article or delete it; its address stays
/// unique, the search and the cached pages (the news watch's and the « Dans la presse » of the territories it
/// was and is about) follow at once; anyone else is refused.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ArticleEditTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Its_author_changes_an_article_through_the_api_and_a_moderator_deletes_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var author = await EventWorld.MemberOfNewCollectiveAsync(app);
        var word = VeilleWorld.Word("Modif");
        var anonymous = app.CreateBrowserlessClient();
        var created = await VeilleWorld.PostAsync(author.Api, VeilleWorld.Article(word, publishedOn: VeilleWorld.Today, territories: ["29019"]));
        var id = created.GetProperty("id").GetInt32();
        var title = created.GetProperty("title").GetString()!;
        // Anonymous visitors get these pages from the cache from now on.
        Assert.Contains(title, HtmlText.Visible(await anonymous.GetStringAsync("/communes/29019-brest")));
        Assert.Contains(title, HtmlText.Visible(await anonymous.GetStringAsync("/departements/29-finistere")));
        Assert.Contains(title, HtmlText.Visible(await anonymous.GetStringAsync($"/veille?q={word}")));

        // Another member may not; an unknown article is a 404; all in French.
        var other = await EventWorld.MemberOfNewCollectiveAsync(app);
        var changes = VeilleWorld.Article(word + " revu", url: $"https://www.letelegramme.fr/finistere/{word.ToLowerInvariant()}?utm_source=rss&xtor=RSS-1",
            publishedOn: VeilleWorld.Today, territories: ["Quimper"], tags: ["reconnaissance faciale"], outlet: "Le Télégramme");
        var refused = await other.Api.PutAsJsonAsync($"/api/v1/articles/{id}", changes);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Seuls les modérateurs et le membre qui a ajouté cet article peuvent le modifier ou le supprimer.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.DeleteAsync($"/api/v1/articles/{id}")).StatusCode);
        var unknown = await author.Api.PutAsJsonAsync("/api/v1/articles/999999", changes);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Aucun article n° 999999 dans la veille.", await unknown.Content.ReadAsStringAsync());
        var badDate = VeilleWorld.Article(word, publishedOn: "2999-01-01");
        var invalid = await author.Api.PutAsJsonAsync($"/api/v1/articles/{id}", badDate);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("La date de publication va du 1er janvier 1990", await invalid.Content.ReadAsStringAsync());
        var homonym = await author.Api.PutAsJsonAsync($"/api/v1/articles/{id}", VeilleWorld.Article(word, territories: ["Saint-Denis"]));
        Assert.Equal(HttpStatusCode.BadRequest, homonym.StatusCode);
        Assert.Contains("« Saint-Denis » : plusieurs territoires portent ce nom (", await homonym.Content.ReadAsStringAsync());

        // Its author changes every field: the canonical address is computed again.
        var updated = await author.Api.PutAsJsonAsync($"/api/v1/articles/{id}", changes);
        var body = await updated.Content.ReadAsStringAsync();
        Assert.True(updated.StatusCode == HttpStatusCode.OK, body);
        var document = JsonDocument.Parse(body).RootElement;
        Assert.Equal($"https://www.letelegramme.fr/finistere/{word.ToLowerInvariant()}", document.GetProperty("url").GetString());
        Assert.Equal(["commune:29232"], document.GetProperty("territories").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["reconnaissance-faciale"], document.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Le Télégramme", document.GetProperty("outlet").GetString());
        var newTitle = document.GetProperty("title").GetString()!;
        Assert.Contains(" revu", newTitle);
        // Shown at once where it was and where it now is; found by its new words.
        Assert.DoesNotContain(title, HtmlText.Visible(await anonymous.GetStringAsync("/communes/29019-brest")));
        Assert.Contains(newTitle, HtmlText.Visible(await anonymous.GetStringAsync("/communes/29232-quimper")));
        // (The old title is the start of the new one: the page cached before the change did not hold the new one.)
        Assert.Contains(newTitle, HtmlText.Visible(await anonymous.GetStringAsync("/departements/29-finistere")));
        // Precisely these territory pages: the one it left, the one it is about now, their département.
        var evicted = app.Services.GetRequiredService<CacheInvalidation>().KnownTags();
        Assert.Contains("veille-territoire:commune:29019", evicted);
        Assert.Contains("veille-territoire:commune:29232", evicted);
        Assert.Contains("veille-territoire:departement:29", evicted);
        if (provider == DatabaseProvider.Sqlite)
        {
            // Not every territory page of the site (on PostgreSQL this instance also hears the other tests' evictions).
            Assert.DoesNotContain(TerritoryCache.Tag, evicted);
        }
        Assert.Equal([newTitle], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?q={word}%20revu")));
        Assert.Equal([newTitle], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?q={word}&tag=reconnaissance-faciale")));

        // A second article may not take the first one's address, trackers or not.
        var second = await VeilleWorld.PostAsync(author.Api, VeilleWorld.Article(word + " bis", url: $"https://www.ouest-france.fr/{word.ToLowerInvariant()}"));
        var secondId = second.GetProperty("id").GetInt32();
        var taken = await author.Api.PutAsJsonAsync($"/api/v1/articles/{secondId}",
            VeilleWorld.Article(word + " bis", url: $"https://WWW.LETELEGRAMME.FR/finistere/{word.ToLowerInvariant()}?fbclid=abc#haut"));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains($"Cette adresse est déjà celle de l'article n° {id}", await taken.Content.ReadAsStringAsync());

        // A moderator deletes it: gone from the article's page, the lists, the search, the feeds and the territory pages.
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.DeleteAsync($"/api/v1/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(document.GetProperty("page").GetString())).StatusCode);
        Assert.Equal([word + " bis"], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?q={word}")).Select(t => t[(t.IndexOf(word, StringComparison.Ordinal))..]));
        Assert.DoesNotContain(newTitle, HtmlText.Visible(await anonymous.GetStringAsync("/communes/29232-quimper")));
        Assert.DoesNotContain(newTitle, HtmlText.Visible(await anonymous.GetStringAsync("/departements/29-finistere")));
        Assert.DoesNotContain(newTitle, await anonymous.GetStringAsync("/veille/flux.atom"));
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.DeleteAsync($"/api/v1/articles/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_edits_through_the_form_by_names_and_deletes_after_confirming(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var author = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var word = VeilleWorld.Word("Formulaire");
        var first = await VeilleWorld.PostAsync(author.Api, VeilleWorld.Article(word + " premier", url: $"https://www.lamarseillaise.fr/{word.ToLowerInvariant()}-1"));
        var article = await VeilleWorld.PostAsync(author.Api, VeilleWorld.Article(word, territories: ["34301", "departement:93"]));
        var id = article.GetProperty("id").GetInt32();
        var page = article.GetProperty("page").GetString()!;
        var editPath = $"/veille/{id}/modifier";

        // The author and moderators see the links; another member and visitors do not, and may not open the form.
        Assert.Contains(editPath, await author.Browser.Client.GetStringAsync(page));
        Assert.DoesNotContain(editPath, await app.CreateBrowserlessClient().GetStringAsync(page));
        var other = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        Assert.DoesNotContain(editPath, await other.Browser.Client.GetStringAsync(page));
        var forbidden = await other.Browser.Client.GetAsync(editPath);
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);
        Assert.Contains("/acces-refuse", forbidden.Headers.Location!.OriginalString);

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var form = WebUtility.HtmlDecode(await moderator.Client.GetStringAsync(editPath));
        // The form holds the article, its territories by name and code.
        Assert.Contains(">Sète (34301), Seine-Saint-Denis (departement:93)</textarea>", form);
        Assert.Contains($"value=\"{article.GetProperty("title").GetString()}\"", form);

        var fields = new Dictionary<string, string>
        {
            ["Form.Url"] = $"https://www.lamarseillaise.fr/{word.ToLowerInvariant()}-2?utm_campaign=x",
            ["Form.Title"] = $"Marseille : la VSA au stade {word}",
            ["Form.Outlet"] = "La Marseillaise",
            ["Form.Author"] = "",
            ["Form.PublishedOn"] = "2026-10-20",
            ["Form.Summary"] = "Le préfet autorise.",
            ["Form.Territories"] = "Marseille\nSaint-Denis",
            ["Form.Tags"] = "vsa",
            ["Form.Dossiers"] = "",
        };
        var asked = await moderator.SubmitAsync(editPath, fields);
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var askedPage = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("« Saint-Denis » : plusieurs territoires portent ce nom. Lequel ?", HtmlText.Visible(askedPage));
        Assert.Contains(">Marseille\nSaint-Denis</textarea>", askedPage);
        Assert.Contains($"value=\"Marseille : la VSA au stade {word}\"", askedPage);

        // An address already another article's: said in French, on the field.
        fields["Form.Picks[0].Entry"] = "Saint-Denis";
        fields["Form.Picks[0].Value"] = "Saint-Denis (93066)";
        fields["Form.Url"] = $"https://www.lamarseillaise.fr/{word.ToLowerInvariant()}-1?fbclid=1";
        var duplicate = await moderator.SubmitAsync(editPath, fields);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains($"Cette adresse est déjà celle d'un autre article de la veille : « {first.GetProperty("title").GetString()} » (n° {first.GetProperty("id").GetInt32()}).",
            HtmlText.Visible(await duplicate.Content.ReadAsStringAsync()));

        fields["Form.Url"] = $"https://www.lamarseillaise.fr/{word.ToLowerInvariant()}-2?utm_campaign=x";
        var saved = await moderator.SubmitAsync(editPath, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var newPage = saved.Headers.Location!.OriginalString;
        Assert.StartsWith($"/veille/{id}-marseille-la-vsa-au-stade", newPage);
        var shown = await app.CreateBrowserlessClient().GetFromJsonAsync<JsonElement>($"/api/v1/articles/{id}");
        Assert.Equal(["commune:13055", "commune:93066"], shown.GetProperty("territories").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("2026-10-20", shown.GetProperty("publishedOn").GetString());
        Assert.Contains("Article modifié.", HtmlText.Visible(await moderator.Client.GetStringAsync(newPage)));

        // Deleting asks first, then deletes.
        var confirm = HtmlText.Visible(await moderator.Client.GetStringAsync($"/veille/{id}/supprimer"));
        Assert.Contains($"Supprimer « Marseille : la VSA au stade {word} » (La Marseillaise) de la veille ?", confirm);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserlessClient().GetAsync($"/api/v1/articles/{id}")).StatusCode);
        var deleted = await moderator.SubmitAsync($"/veille/{id}/supprimer", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/veille", deleted.Headers.Location!.OriginalString);
        Assert.Contains("Article supprimé de la veille.", HtmlText.Visible(await moderator.Client.GetStringAsync("/veille")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync(newPage)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.Client.GetAsync($"/veille/{id}/supprimer")).StatusCode);
    }
}
