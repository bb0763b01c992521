using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Tests.Features.Events;

namespace Contrevue.Tests.Features.Veille;

/// <summary>Members add articles through the API; anyone reads them, filtered, searched and paged.</summary>
[Collection(AppsCollection.Name)]
public sealed class ArticleApiTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_adds_an_article_whose_canonical_address_is_given_back_and_never_entered_twice(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var word = VeilleWorld.Word("Double");
        var given = $"https://WWW.LeProgres.fr:443/loire/2026/10/14/{word}?utm_source=newsletter&utm_medium=email&fbclid=IwAR2#commentaires";

        var created = await member.Api.PostAsJsonAsync("/api/v1/articles", VeilleWorld.Article(word, given));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var canonical = $"https://www.leprogres.fr/loire/2026/10/14/{word}";
        Assert.Equal(canonical, document.GetProperty("url").GetString());
        Assert.Equal("2026-10-14", document.GetProperty("publishedOn").GetString());
        Assert.Equal(["commune:42218"], document.GetProperty("territories").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["conseil-municipal", "vsa"], document.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var id = document.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/articles/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(canonical, JsonDocument.Parse(await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/articles/{id}")).RootElement.GetProperty("url").GetString());

        // The same article shared from elsewhere: refused, naming the one already there.
        var again = await member.Api.PostAsJsonAsync("/api/v1/articles", VeilleWorld.Article(word + " bis", $"https://www.leprogres.fr/loire/2026/10/14/{word}?xtor=RSS-1"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Article déjà dans la veille", problem.GetProperty("title").GetString());
        Assert.Contains($"article n° {id}", problem.GetProperty("detail").GetString());
        Assert.Contains(word, problem.GetProperty("detail").GetString());

        // Nobody without an account adds one.
        var anonymous = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/articles", VeilleWorld.Article(VeilleWorld.Word("Anonyme")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_list_filters_by_territory_tag_period_and_words_newest_first_and_pages_by_cursor(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var anonymous = app.CreateBrowserlessClient();
        var word = VeilleWorld.Word("Filtre");
        var tag = "tag-" + word.ToLowerInvariant();
        var stEtienne = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " un", publishedOn: "2026-03-02", tags: [tag]));
        var firminy = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " deux", publishedOn: "2026-05-20", territories: ["42095"], tags: [tag]));
        var lyon = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word + " trois", publishedOn: "2026-04-11", territories: ["departement:69"], tags: [tag, "Reconnaissance faciale"]));
        string Title(JsonElement e) => e.GetProperty("title").GetString()!;

        // Newest first.
        Assert.Equal([Title(firminy), Title(lyon), Title(stEtienne)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?tag={tag}")));
        // A commune; its département (its communes' articles too); another département.
        Assert.Equal([Title(stEtienne)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?tag={tag}&territory=42218")));
        Assert.Equal([Title(firminy), Title(stEtienne)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?tag={tag}&territory=departement:42")));
        Assert.Equal(3, (await VeilleWorld.ItemsAsync(anonymous, $"?tag={tag}&territory=region:84")).Count);
        Assert.Empty(await VeilleWorld.ItemsAsync(anonymous, $"?tag={tag}&territory=region:11"));
        // A tag as typed, accents and case aside.
        Assert.Contains(Title(lyon), VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, "?tag=Reconnaissance%20Faciale")));
        // A period, bounds included.
        Assert.Equal([Title(lyon), Title(stEtienne)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?tag={tag}&from=2026-03-02&to=2026-04-11")));
        // Full text, through the database's engine: accents aside, a word being typed as a prefix.
        Assert.Equal([Title(firminy), Title(lyon), Title(stEtienne)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?q={word}")));
        Assert.Equal([Title(firminy)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?q={Uri.EscapeDataString("videosurveillance " + word + " deux")}")));
        Assert.Equal([Title(firminy), Title(lyon), Title(stEtienne)], VeilleWorld.Titles(await VeilleWorld.ItemsAsync(anonymous, $"?q={word[..^2]}")));
        Assert.Empty(await VeilleWorld.ItemsAsync(anonymous, $"?q={word}&territory=departement:13"));

        // Paging by cursor: each article once, in order.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/articles?tag={tag}&limit=1" + (cursor is null ? "" : "&cursor=" + cursor))).RootElement;
            seen.AddRange(VeilleWorld.Titles(page.GetProperty("items").EnumerateArray()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 10);
        Assert.Equal([Title(firminy), Title(lyon), Title(stEtienne)], seen);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_input_is_refused_in_french_never_with_a_500(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var word = VeilleWorld.Word("Mauvais");
        var cases = new (string Field, Action<Dictionary<string, object?>> Change, string Message)[]
        {
            ("url", a => a["url"] = "pas une adresse", "L'adresse de l'article est une adresse web complète en http ou https"),
            ("url", a => a["url"] = "javascript:alert(document.cookie)", "L'adresse de l'article est une adresse web complète en http ou https"),
            ("url", a => a["url"] = null, "L'adresse de l'article est obligatoire."),
            // Neither an INSEE code nor a postal code.
            ("territories", a => a["territories"] = new[] { "99999" }, "« 99999 » : aucun territoire de ce nom ni de ce code."),
            ("territories", a => a["territories"] = new[] { "departement:999" }, "Territoire inconnu : departement:999."),
            ("territories", a => a["territories"] = new[] { "quelque part" }, "« quelque part » : aucun territoire de ce nom ni de ce code."),
            ("territories", a => a["territories"] = new[] { "Saint-Martin" }, "« Saint-Martin » : plusieurs territoires portent ce nom ("),
            ("publishedOn", a => a["publishedOn"] = "1789-07-14", "La date de publication va du 1er janvier 1990"),
            ("publishedOn", a => a["publishedOn"] = "2999-01-01", "La date de publication va du 1er janvier 1990"),
            ("publishedOn", a => a["publishedOn"] = "14/10/2026", "La date de publication s'écrit AAAA-MM-JJ"),
            ("title", a => a["title"] = new string('t', 301), "Le titre tient sur une ligne de 300 caractères au plus"),
            ("title", a => a["title"] = "  ", "Le titre est obligatoire."),
            ("summary", a => a["summary"] = new string('r', 4001), "Le résumé tient en 4000 caractères au plus."),
            ("dossiers", a => a["dossiers"] = new[] { 999999999 }, "Aucun dossier n° 999999999 dans l'observatoire."),
            ("tags", a => a["tags"] = new[] { "---" }, "Chaque mot-clé a des lettres ou des chiffres"),
        };
        foreach (var (field, change, message) in cases)
        {
            var article = VeilleWorld.Article(word);
            change(article);
            var response = await member.Api.PostAsJsonAsync("/api/v1/articles", article);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {response.StatusCode} {body}");
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
            Assert.Contains(message, errors.GetProperty(field)[0].GetString());
        }

        // Control characters and noncharacters are refused at the edge, naming the field.
        foreach (var hostile in new[] { "Titre\u0001caché", "Titre\uFFFF", "Titre\uFDD0" })
        {
            var article = VeilleWorld.Article(word);
            article["title"] = hostile;
            var response = await member.Api.PostAsJsonAsync("/api/v1/articles", article);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("caractère interdit", await response.Content.ReadAsStringAsync());
        }
        // Not JSON at all, or a wrong type: a French 400.
        var broken = await member.Api.PostAsync("/api/v1/articles", new StringContent("{\"title\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var wrongType = await member.Api.PostAsync("/api/v1/articles", new StringContent("{\"dossiers\": \"douze\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        // Nothing was added.
        Assert.Empty(await VeilleWorld.ItemsAsync(app.CreateBrowserlessClient(), $"?q={word}"));

        // The list's parameters too.
        var anonymous = app.CreateBrowserlessClient();
        foreach (var (query, field) in new[] { ("territory=nulle-part", "territory"), ("from=2026-13-01", "from"), ("to=hier", "to"), ("from=2026-05-01&to=2026-04-01", "to"),
            ("limit=0", "limit"), ("limit=5000", "limit"), ("cursor=abc", "cursor"), ("tag=---", "tag"), ("q=" + new string('q', 201), "q") })
        {
            var response = await anonymous.GetAsync("/api/v1/articles?" + query);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {response.StatusCode} {body}");
            Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
        }
        // Search operators and odd queries are words, never a database error.
        foreach (var q in new[] { "\"", "NEAR(a b)", "* OR -", "a:*", "'", "(", "caméra\" OR \"x", "-vsa" })
        {
            var response = await anonymous.GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString(q));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
