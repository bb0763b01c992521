using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Search;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire;

/// <summary>
/// The dossier list: filters, full-text search, keyset paging, CSV and the page. The shared database
/// holds other tests' dossiers too: each test marks its own with a unique word and looks only at those.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DossierListTests(TestApps apps)
{
    /// <summary>A word no other dossier has; with digits, so that no stemmer touches it.</summary>
    private static string UniqueWord() => "zq9" + Guid.NewGuid().ToString("N")[..8];

    private static object Dossier(
        string title, string communeCode = "42218", string[]? technologies = null, string status = "deployed", string statusSince = "2023-06-15",
        int? cameraCount = 120, long? budgetEur = 450000, string? authorizationIssuedOn = null, bool coversVideoVerbalisation = false,
        string summary = "", string? vendor = null, string publisher = "Ville de Saint-Étienne") => new
        {
            title,
            summary,
            authority = new { kind = "commune", code = communeCode },
            technologies = technologies ?? ["vsa"],
            vendors = vendor is null ? Array.Empty<object>() : [new { name = vendor }],
            status,
            statusSince,
            cameraCount,
            budgetEur,
            authorization = authorizationIssuedOn is null ? null : new { number = "2019/042", issuedOn = authorizationIssuedOn, coversVideoVerbalisation },
            sources = new object[]
            {
                new { kind = "deliberation", title = "Délibération du conseil municipal", publisher, url = "https://www.example.org/deliberation", publishedOn = "2023-05-10", confidence = "established" },
            },
        };

    private static async Task<int> CreateAsync(HttpClient moderator, object dossier)
    {
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", dossier);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<List<int>> IdsAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/dossiers?limit=200&{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    private static async Task<(AppFactory App, HttpClient Moderator)> StartAsync(TestApps apps, DatabaseProvider provider)
    {
        var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        return (app, TestAccounts.ClientWithToken(app, token));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Each_filter_narrows_the_list(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var saintEtienne = await CreateAsync(moderator, Dossier($"VSA {word} à Saint-Étienne", "42218", ["vsa", "video-verbalisation"],
            "deployed", "2023-06-15", authorizationIssuedOn: "2019-03-01", vendor: $"Alpha {word}"));
        var paris = await CreateAsync(moderator, Dossier($"Drones {word} à Paris", "75056", ["drones"],
            "announced", "2024-02-01", authorizationIssuedOn: "2024-01-10", coversVideoVerbalisation: true, vendor: $"Beta {word}"));
        var lyon = await CreateAsync(moderator, Dossier($"LAPI {word} à Lyon", "69123", ["alpr", "vsa"], "experimented", "2022-01-01", cameraCount: null));
        var client = app.CreateBrowserlessClient();

        Assert.Equal([saintEtienne, paris, lyon], (await IdsAsync(client, $"q={word}")).Order());
        Assert.Equal([saintEtienne], await IdsAsync(client, $"q={word}&commune=42218"));
        Assert.Equal([paris], await IdsAsync(client, $"q={word}&departement=75"));
        Assert.Equal([saintEtienne, lyon], (await IdsAsync(client, $"q={word}&region=84")).Order());
        Assert.Equal([paris], await IdsAsync(client, $"q={word}&technology=drones"));
        Assert.Equal([saintEtienne, lyon], (await IdsAsync(client, $"q={word}&technology=vsa")).Order());
        Assert.Equal([paris], await IdsAsync(client, $"q={word}&vendor=beta-{word}"));
        Assert.Equal([saintEtienne], await IdsAsync(client, $"q={word}&vendor={Uri.EscapeDataString($"ALPHA {word}")}"));
        Assert.Equal([saintEtienne], await IdsAsync(client, $"vendor={Uri.EscapeDataString($"alpha {word}")}"));
        Assert.Equal([paris], await IdsAsync(client, $"q={word}&status=announced"));
        Assert.Equal([saintEtienne], await IdsAsync(client, $"q={word}&flag=authorization-expired"));
        Assert.Equal([saintEtienne, lyon], (await IdsAsync(client, $"q={word}&flag=vsa-outside-experimentation")).Order());
        Assert.Equal([saintEtienne], await IdsAsync(client, $"q={word}&from=2023-01-01&to=2023-12-31"));
        Assert.Equal([paris], await IdsAsync(client, $"q={word}&from=2024-01-01"));
        Assert.Equal([saintEtienne, lyon], (await IdsAsync(client, $"q={word}&to=2023-12-31")).Order());
        Assert.Empty(await IdsAsync(client, $"q={word}&fictional=only"));
        Assert.Equal(3, (await IdsAsync(client, $"q={word}&fictional=exclude")).Count);
        Assert.Equal([saintEtienne], await IdsAsync(client, $"q={word}&technology=vsa&departement=42&status=deployed"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Full_text_search_ignores_accents_case_and_plurals_and_reads_the_sources(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var publisher = UniqueWord();
        var id = await CreateAsync(moderator, Dossier($"Projet {word}",
            summary: "Déploiement d'une caméra « intelligente » sur la place du marché.", publisher: $"La Gazette {publisher}"));
        var client = app.CreateBrowserlessClient();

        Assert.Equal([id], await IdsAsync(client, $"q={Uri.EscapeDataString($"caméras {word}")}"));
        Assert.Equal([id], await IdsAsync(client, $"q={Uri.EscapeDataString($"CAMERA {word}")}"));
        Assert.Equal([id], await IdsAsync(client, $"q={Uri.EscapeDataString($"deploiement {word}")}"));
        Assert.Equal([id], await IdsAsync(client, $"q={Uri.EscapeDataString($"{word} Saint-Étienne")}"));
        Assert.Equal([id], await IdsAsync(client, $"q={publisher}"));
        Assert.Equal([id], await IdsAsync(client, $"q={word[..^2]}"));
        Assert.Empty(await IdsAsync(client, $"q={Uri.EscapeDataString($"drones {word}")}"));
        // Operators and stray punctuation are words or nothing, never a syntax error.
        await IdsAsync(client, $"q={Uri.EscapeDataString("\"*( OR NEAR -) ^:")}");
        await IdsAsync(client, $"q={Uri.EscapeDataString("-")}");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Keyset_paging_walks_every_result_once_in_every_sort(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var ids = new List<int>
        {
            await CreateAsync(moderator, Dossier($"B {word}", cameraCount: 10, budgetEur: null, statusSince: "2023-01-01")),
            await CreateAsync(moderator, Dossier($"A {word}", cameraCount: null, budgetEur: 5, statusSince: "2024-01-01")),
            await CreateAsync(moderator, Dossier($"A {word}", cameraCount: 10, budgetEur: 5, statusSince: "2023-01-01")),
            await CreateAsync(moderator, Dossier($"C {word}", cameraCount: 300, budgetEur: null, statusSince: "2022-05-01")),
            await CreateAsync(moderator, Dossier($"D {word}", cameraCount: null, budgetEur: 900, statusSince: "2024-01-01")),
        };
        var client = app.CreateBrowserlessClient();

        foreach (var sort in new[] { "", "id", "recent", "title", "cameras", "budget", "status-date" })
        {
            var whole = await IdsAsync(client, $"q={word}&sort={sort}");
            var walked = new List<int>();
            string? cursor = null;
            for (var pages = 0; pages < 10; pages++)
            {
                var response = await client.GetAsync($"/api/v1/dossiers?q={word}&sort={sort}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var items = body.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
                Assert.InRange(items.Count, 1, 2);
                walked.AddRange(items);
                cursor = body.RootElement.GetProperty("nextCursor").GetString();
                if (cursor is null)
                {
                    break;
                }
            }
            Assert.Null(cursor);
            Assert.Equal(whole, walked);
            Assert.Equal(ids.Order(), walked.Order());
        }
        // Unknown counts and budgets last; ties by id (newest first, but oldest first by title).
        Assert.Equal([ids[3], ids[2], ids[0], ids[4], ids[1]], await IdsAsync(client, $"q={word}&sort=cameras"));
        Assert.Equal([ids[4], ids[2], ids[1], ids[3], ids[0]], await IdsAsync(client, $"q={word}&sort=budget"));
        Assert.Equal([ids[1], ids[2], ids[0], ids[3], ids[4]], await IdsAsync(client, $"q={word}&sort=title"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Hidden_dossiers_are_never_listed(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var shown = await CreateAsync(moderator, Dossier($"Visible {word}"));
        var hidden = await CreateAsync(moderator, Dossier($"Masqué {word}"));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            await db.Set<Dossier>().Where(d => d.Id == hidden).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsHidden, true));
        }
        var client = app.CreateBrowserlessClient();

        Assert.Equal([shown], await IdsAsync(client, $"q={word}"));
        var csv = await client.GetStringAsync($"/api/v1/dossiers.csv?q={word}");
        Assert.DoesNotContain("Masqué", csv);
        var page = await client.GetStringAsync($"/observatoire?q={word}");
        Assert.Contains($"Visible {word}", page);
        Assert.DoesNotContain($"Masqué {word}", page);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_csv_export_opens_in_a_French_spreadsheet(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var id = await CreateAsync(moderator, DossierApiTests.VsaDossier($"Vidéosurveillance « {word} » ; élargie"));
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync($"/api/v1/dossiers.csv?q={word}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment; filename=\"contrevue-dossiers.csv\"", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("\r\n", text);

        var rows = Parse(text, ';');
        Assert.Equal(2, rows.Count);
        var header = rows[0];
        var row = rows[1];
        string Field(string name) => row[header.IndexOf(name)];
        Assert.Equal(["id", "titre", "autorité", "type d'autorité", "code", "technologies", "fournisseurs", "statut", "depuis",
            "caméras", "budget (€)", "autorisation n°", "délivrée le", "expire le", "couvre la vidéoverbalisation",
            "alertes", "sources", "lien"], header);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), Field("id"));
        Assert.Equal($"Vidéosurveillance « {word} » ; élargie", Field("titre"));
        Assert.Equal("Saint-Étienne", Field("autorité"));
        Assert.Equal("commune", Field("type d'autorité"));
        Assert.Equal("42218", Field("code"));
        Assert.Equal("vsa, video-verbalisation", Field("technologies"));
        Assert.Equal("Vision Exemple SAS", Field("fournisseurs"));
        Assert.Equal("deployed", Field("statut"));
        Assert.Equal("2023-06-15", Field("depuis"));
        Assert.Equal("120", Field("caméras"));
        Assert.Equal("450000", Field("budget (€)"));
        Assert.Equal("2019/042", Field("autorisation n°"));
        Assert.Equal("2024-03-01", Field("expire le"));
        Assert.Equal("non", Field("couvre la vidéoverbalisation"));
        Assert.Contains("authorization-expired", Field("alertes"));
        Assert.Contains("Saint-Étienne déploie la VSA (https://www.leprogres.fr/exemple)", Field("sources"));
        Assert.Matches($"^http://[^/]+/observatoire/dossiers/{id}-videosurveillance-{word}-elargie$", Field("lien"));

        var commas = Parse(new UTF8Encoding(false).GetString(await client.GetByteArrayAsync($"/api/v1/dossiers.csv?q={word}&sep=,"))[1..], ',');
        Assert.Equal(header, commas[0]);
        Assert.Equal(row, commas[1]);
    }

    private static List<List<string>> Parse(string text, char separator)
    {
        using var reader = CsvReader.Create(new StringReader(text), CsvReaderOptions.Default with { Separator = separator, HasHeader = false });
        var rows = new List<List<string>>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        return rows;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Wrong_parameters_get_French_problems_not_errors(DatabaseProvider provider)
    {
        var (app, _) = await StartAsync(apps, provider);
        await using var __ = app;
        var client = app.CreateBrowserlessClient();

        var refused = await client.GetAsync("/api/v1/dossiers?status=xyz&technology=telepathy&from=2024-02-30&limit=500&cursor=nope&departement=999&sort=random");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("Statut inconnu « xyz »", errors.GetProperty("status")[0].GetString());
        Assert.Contains("Technologie inconnue", errors.GetProperty("technology")[0].GetString());
        Assert.Contains("Date invalide", errors.GetProperty("from")[0].GetString());
        Assert.Contains("Département inconnu", errors.GetProperty("departement")[0].GetString());
        Assert.Contains("Tri inconnu", errors.GetProperty("sort")[0].GetString());

        using var limits = JsonDocument.Parse(await (await client.GetAsync("/api/v1/dossiers?limit=0&cursor=nope")).Content.ReadAsStringAsync());
        Assert.Contains("entre 1 et 200", limits.RootElement.GetProperty("errors").GetProperty("limit")[0].GetString());
        Assert.Contains("Curseur invalide", limits.RootElement.GetProperty("errors").GetProperty("cursor")[0].GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/dossiers.csv?status=xyz")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/dossiers.csv?sep=|")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/dossiers?q={new string('a', 201)}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_page_lists_filters_and_results_and_survives_odd_addresses(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var id = await CreateAsync(moderator, DossierApiTests.VsaDossier($"Caméras {word} au stade"));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            await db.Set<Dossier>().Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsFictional, true));
        }
        var client = app.CreateBrowserlessClient();

        var page = await client.GetAsync($"/observatoire?q={word}&technology=vsa");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var visible = HtmlText.Visible(html);
        Assert.Contains("<label for=\"filtre-technology\">Technologie</label>", html);
        Assert.Contains("<option value=\"vsa\" selected=\"selected\">", html);
        Assert.Contains("<legend>Période : date du statut actuel</legend>", html);
        Assert.Contains($"href=\"/observatoire/dossiers/{id}-cameras-{word}-au-stade\"", html);
        Assert.Contains("1 dossier", visible);
        Assert.Contains("Données fictives", visible);
        Assert.Contains("Autorisation préfectorale expirée", visible);
        Assert.Contains("Déployé depuis le 15 juin 2023", visible);
        Assert.Contains($"/api/v1/dossiers.csv?technology=vsa&amp;q={word}&amp;sort=recent", html);

        var empty = HtmlText.Visible(await client.GetStringAsync($"/observatoire?q={UniqueWord()}"));
        Assert.Contains("Aucun dossier ne correspond à ces critères.", empty);
        Assert.DoesNotContain("Télécharger ces dossiers", empty);

        var wrong = HtmlText.Visible(await client.GetStringAsync("/observatoire?status=xyz"));
        Assert.Contains("Statut inconnu « xyz »", wrong);

        foreach (var odd in new[]
        {
            "?page=-4", "?page=99999999999", "?page=abc&sort=%3Cscript%3E", "?q=%22%2A%28", "?from=2024-99-99&to=yesterday",
            "?status=&status=deployed", "?vendor=" + new string('x', 5000), "?commune=%27%3B--", "?cursor=abc&limit=-1", "?page=3000",
        })
        {
            var response = await client.GetAsync("/observatoire" + odd);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{odd}: {response.StatusCode}");
        }
        // A NUL is refused at the edge (the input rule), with the French page naming the field.
        var nul = await client.GetAsync("/observatoire?q=%00%FF");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("« q »", HtmlText.Visible(await nul.Content.ReadAsStringAsync()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_page_is_paged_by_numbered_links(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        for (var i = 0; i < 21; i++)
        {
            await CreateAsync(moderator, Dossier($"Page {word} n° {i:00}"));
        }
        var client = app.CreateBrowserlessClient();

        var first = await client.GetStringAsync($"/observatoire?q={word}&sort=title");
        Assert.Contains("21 dossiers", HtmlText.Visible(first));
        Assert.Contains($"Page {word} n° 00", first);
        Assert.DoesNotContain($"Page {word} n° 20", first);
        Assert.Contains($"<a href=\"/observatoire?q={word}&amp;sort=title&amp;page=2\" rel=\"next\">", first);

        var second = await client.GetStringAsync($"/observatoire?q={word}&sort=title&page=2");
        Assert.Contains($"Page {word} n° 20", second);
        Assert.DoesNotContain($"Page {word} n° 19", second);
        Assert.Contains($"<a href=\"/observatoire?q={word}&amp;sort=title&amp;page=2\" aria-current=\"page\" aria-label=\"Page 2\">2</a>", second);
        Assert.Contains("rel=\"prev\"", second);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_empty_index_is_rebuilt(DatabaseProvider provider)
    {
        var (app, moderator) = await StartAsync(apps, provider);
        await using var _ = app;
        var word = UniqueWord();
        var id = await CreateAsync(moderator, Dossier($"Reconstruction {word}"));
        using var scope = app.Services.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<IDossierSearch>();
        var indexer = scope.ServiceProvider.GetRequiredService<DossierSearchIndexer>();

        await search.ClearAsync(default);
        Assert.Empty(await search.MatchingIds(word).ToListAsync());
        Assert.True(await indexer.RebuildIfEmptyAsync(default));
        Assert.Equal([id], await search.MatchingIds(word).ToListAsync());
        Assert.False(await indexer.RebuildIfEmptyAsync(default));
    }
}
