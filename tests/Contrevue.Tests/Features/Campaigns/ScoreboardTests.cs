using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>
/// The scoreboard, the list of communes asked and the feed of answers, on a campaign of each test's own
/// (the seeded campaign holds the other tests' letters).
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class ScoreboardTests(TestApps apps)
{
    private const string SaintEtienne = "42218";
    private const string Roanne = "42187";
    private const string SaintChamond = "42207";
    private const string Firminy = "42095";
    private const string Montbrison = "42147";
    private const string Lyon1er = "69381";
    private const string PrivateEmail = "secret-expediteur@example.org";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static DateOnly DaysAgo(int days) => Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).AddDays(-days);

    /// <summary>
    /// Saint-Étienne and Roanne committed (Saint-Étienne after refusing first), Saint-Chamond refused after
    /// committing, Montbrison partly committed, Firminy asked only, and the 1st arrondissement of Lyon
    /// committed — an arrondissement, which the counts leave out.
    /// </summary>
    private static async Task<string> CampaignWithAnswersAsync(AppFactory app)
    {
        var slug = $"tableau-{Guid.NewGuid():N}"[..30];
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var campaign = new Campaign
        {
            Slug = slug,
            Title = "Campagne du tableau de bord",
            Demand = "Un engagement contre la VSA.",
            LetterSubject = "Engagement à {territoire}",
            LetterTemplate = "{destinataire},\n\nEngagez-vous.\n\n{expediteur}",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(campaign);
        await db.SaveChangesAsync();

        CampaignRequest Request(string code, int daysAgo, string? email = null) => new()
        {
            CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = code, SentOn = DaysAgo(daysAgo),
            Channel = RequestChannel.Email, PublicName = "Collectif public", ContactEmail = email, CreatedAt = now,
        };
        CampaignResponse Answer(string code, int daysAgo, ResponseKind kind, string quote, int createdMinutesAgo) => new()
        {
            CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = code, RespondedOn = DaysAgo(daysAgo),
            Kind = kind, Quote = quote, ReportedBy = "Équipe de modération", CreatedAt = now.AddMinutes(-createdMinutesAgo),
        };
        db.AddRange(
            Request(SaintEtienne, 40), Request(SaintEtienne, 30, PrivateEmail),
            Request(Roanne, 25),
            Request(SaintChamond, 35),
            Request(Montbrison, 20),
            Request(Firminy, 12, PrivateEmail),
            Request(Lyon1er, 15));
        db.AddRange(
            Answer(SaintEtienne, 20, ResponseKind.Refused, "Nous ne prenons pas d'engagement.", 60),
            Answer(SaintEtienne, 5, ResponseKind.Committed, "Saint-Étienne s'engage à ne jamais déployer de VSA.", 10),
            Answer(Roanne, 8, ResponseKind.Committed, "Roanne renonce à la VSA.", 30),
            Answer(SaintChamond, 30, ResponseKind.Committed, "Pas de VSA pour l'instant.", 50),
            Answer(SaintChamond, 6, ResponseKind.Refused, "Finalement, nous réfléchissons à la VSA.", 20),
            Answer(Montbrison, 4, ResponseKind.Partial, "Pas de VSA hors des grands événements.", 5),
            Answer(Lyon1er, 3, ResponseKind.Committed, "La mairie du 1er arrondissement s'engage.", 1));
        await db.SaveChangesAsync();
        return slug;
    }

    private static async Task<T> QueryAsync<T>(AppFactory app, Func<ContrevueDbContext, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
    }

    private static async Task<JsonElement> ScoreboardAsync(HttpClient client, string slug, string? level)
    {
        var response = await client.GetAsync($"/api/v1/campaigns/{slug}/scoreboard" + (level is null ? "" : $"?level={level}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement Row(JsonElement scoreboard, string code) =>
        scoreboard.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);

    private static int Count(JsonElement row, string status) => row.GetProperty("counts").GetProperty(status).GetInt32();

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_population_covered_is_the_sum_over_committed_communes_nationally_by_region_and_by_departement(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var slug = await CampaignWithAnswersAsync(app);
        var client = app.CreateBrowserlessClient();

        // Computed here independently, straight from the communes.
        string[] committed = [SaintEtienne, Roanne];
        var committedPopulation = await QueryAsync(app, db => db.Set<Commune>()
            .Where(c => committed.Contains(c.Code)).SumAsync(c => (long)(c.Population ?? 0)));
        var communes = await QueryAsync(app, db => db.Set<Commune>().CountAsync(c => c.Kind == CommuneKind.Commune));
        var population = await QueryAsync(app, db => db.Set<Commune>().Where(c => c.Kind == CommuneKind.Commune).SumAsync(c => (long)(c.Population ?? 0)));
        var loireCommunes = await QueryAsync(app, db => db.Set<Commune>().CountAsync(c => c.Kind == CommuneKind.Commune && c.DepartementCode == "42"));
        var loirePopulation = await QueryAsync(app, db => db.Set<Commune>().Where(c => c.Kind == CommuneKind.Commune && c.DepartementCode == "42").SumAsync(c => (long)(c.Population ?? 0)));
        Assert.True(committedPopulation > 100_000, $"Saint-Étienne and Roanne: {committedPopulation}");
        Assert.Equal(CommuneKind.MunicipalArrondissement, await QueryAsync(app, db => db.Set<Commune>().Where(c => c.Code == Lyon1er).Select(c => c.Kind).SingleAsync()));

        var national = await ScoreboardAsync(client, slug, null);
        Assert.Equal(slug, national.GetProperty("campaign").GetString());
        Assert.Equal("national", national.GetProperty("level").GetString());
        var france = Assert.Single(national.GetProperty("rows").EnumerateArray());
        Assert.Equal(2, Count(france, "committed"));
        Assert.Equal(1, Count(france, "partial"));
        Assert.Equal(1, Count(france, "refused"));
        Assert.Equal(0, Count(france, "evasive"));
        Assert.Equal(1, Count(france, "asked-no-answer"));
        Assert.Equal(communes - 5, Count(france, "never-asked"));
        Assert.Equal(committedPopulation, france.GetProperty("committedPopulation").GetInt64());
        Assert.Equal(population, france.GetProperty("population").GetInt64());
        Assert.Equal((double)committedPopulation / population, france.GetProperty("share").GetDouble(), 9);

        var departements = await ScoreboardAsync(client, slug, "departement");
        Assert.Equal("departement", departements.GetProperty("level").GetString());
        Assert.Equal(await QueryAsync(app, db => db.Set<Departement>().CountAsync()), departements.GetProperty("rows").GetArrayLength());
        var loire = Row(departements, "42");
        Assert.Equal("Loire", loire.GetProperty("name").GetString());
        Assert.Equal(2, Count(loire, "committed"));
        Assert.Equal(1, Count(loire, "partial"));
        Assert.Equal(1, Count(loire, "refused"));
        Assert.Equal(1, Count(loire, "asked-no-answer"));
        Assert.Equal(loireCommunes - 5, Count(loire, "never-asked"));
        Assert.Equal(committedPopulation, loire.GetProperty("committedPopulation").GetInt64());
        Assert.Equal(loirePopulation, loire.GetProperty("population").GetInt64());
        Assert.Equal((double)committedPopulation / loirePopulation, loire.GetProperty("share").GetDouble(), 9);
        // The arrondissement's commitment counts nowhere, not even in the Rhône.
        var rhone = Row(departements, "69");
        Assert.Equal(0, Count(rhone, "committed"));
        Assert.Equal(0, rhone.GetProperty("committedPopulation").GetInt64());
        Assert.Equal(await QueryAsync(app, db => db.Set<Commune>().CountAsync(c => c.Kind == CommuneKind.Commune && c.DepartementCode == "69")), Count(rhone, "never-asked"));
        Assert.Equal(communes, departements.GetProperty("rows").EnumerateArray()
            .Sum(r => r.GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt32())));

        var regions = await ScoreboardAsync(client, slug, "region");
        var auvergneRhoneAlpes = Row(regions, "84");
        Assert.Equal(2, Count(auvergneRhoneAlpes, "committed"));
        Assert.Equal(committedPopulation, auvergneRhoneAlpes.GetProperty("committedPopulation").GetInt64());
        Assert.Equal(population, regions.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("population").GetInt64()));

        Assert.DoesNotContain(PrivateEmail, national.GetRawText() + departements.GetRawText());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unknown_level_or_campaign_is_refused_in_French(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateBrowserlessClient();

        var unknownLevel = await client.GetAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/scoreboard?level=commune");
        Assert.Equal(HttpStatusCode.BadRequest, unknownLevel.StatusCode);
        var problem = JsonDocument.Parse(await unknownLevel.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("vérifiez", problem.GetProperty("title").GetString());
        Assert.Contains("Niveau inconnu « commune »", problem.GetProperty("errors").GetProperty("level")[0].GetString());

        var unknownCampaign = await client.GetAsync("/api/v1/campaigns/pas-une-campagne/scoreboard");
        Assert.Equal(HttpStatusCode.NotFound, unknownCampaign.StatusCode);
        Assert.Contains("Campagne introuvable", await unknownCampaign.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/campagnes/pas-une-campagne/tableau")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/campagnes/pas-une-campagne/collectivites")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/campagnes/pas-une-campagne/reponses.atom")).StatusCode);

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        Assert.True(openApi.RootElement.GetProperty("paths").TryGetProperty("/api/v1/campaigns/{slug}/scoreboard", out _));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_scoreboard_page_shows_the_numbers_and_the_map_without_javascript(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var slug = await CampaignWithAnswersAsync(app);
        var client = app.CreateBrowserlessClient();
        string[] committed = [SaintEtienne, Roanne];
        var committedPopulation = await QueryAsync(app, db => db.Set<Commune>().Where(c => committed.Contains(c.Code)).SumAsync(c => (long)(c.Population ?? 0)));
        var population = await QueryAsync(app, db => db.Set<Commune>().Where(c => c.Kind == CommuneKind.Commune).SumAsync(c => (long)(c.Population ?? 0)));

        var response = await client.GetAsync($"/campagnes/{slug}/tableau");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = HtmlText.Visible(html);
        var share = ((double)committedPopulation / population * 100).ToString("0.0", French);
        Assert.Contains($"{Plain(committedPopulation.ToString("N0", French))} habitants vivent dans une commune engagée, soit {share} % de la population.", text);
        Assert.Matches(@"Engagée\s*2\b", Between(text, "En France", "Une commune a le statut"));
        Assert.Contains("Sollicitée, sans réponse", text);
        Assert.Contains("class=\"departement-map\"", html);
        Assert.Contains("<path", html);
        Assert.Contains($"href=\"/campagnes/{slug}/collectivites?departement=42\"", html);
        Assert.Contains("id=\"table-departements\"", html);
        Assert.Contains("id=\"table-regions\"", html);
        Assert.Matches($"<link rel=\"alternate\" type=\"application/atom\\+xml\" href=\"/campagnes/{slug}/reponses.atom\"", html);
        Assert.DoesNotContain(PrivateEmail, html);
        Assert.DoesNotContain("<script>", html);

        var campaignPage = await client.GetStringAsync($"/campagnes/{slug}");
        Assert.Contains($"href=\"/campagnes/{slug}/tableau\"", campaignPage);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_list_of_communes_asked_is_public_filterable_and_keeps_senders_private(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var slug = await CampaignWithAnswersAsync(app);
        var client = app.CreateBrowserlessClient();

        var all = await client.GetStringAsync($"/campagnes/{slug}/collectivites");
        Assert.Equal([Firminy, Lyon1er, Montbrison, Roanne, SaintChamond, SaintEtienne], Codes(all));
        Assert.Contains("href=\"/communes/42218-saint-etienne\"", all);
        var text = HtmlText.Visible(all);
        Assert.Contains("Firminy", text);
        Assert.Contains("12 jours", text);
        Assert.DoesNotContain(PrivateEmail, all);
        Assert.DoesNotContain("Collectif public", all);
        Assert.DoesNotContain("<script>", all);

        var refused = await client.GetStringAsync($"/campagnes/{slug}/collectivites?statut=refused");
        Assert.Equal([SaintChamond], Codes(refused));
        var committed = await client.GetStringAsync($"/campagnes/{slug}/collectivites?statut=committed&departement=42");
        Assert.Equal([Roanne, SaintEtienne], Codes(committed));
        var byName = await client.GetStringAsync($"/campagnes/{slug}/collectivites?q=saint+etienne");
        Assert.Equal([SaintEtienne], Codes(byName));
        var waiting = await client.GetStringAsync($"/campagnes/{slug}/collectivites?tri=attente");
        Assert.Equal(Firminy, Codes(waiting)[0]);
        var byPopulation = await client.GetStringAsync($"/campagnes/{slug}/collectivites?tri=population&departement=42");
        Assert.Equal(SaintEtienne, Codes(byPopulation)[0]);

        var wrong = await client.GetAsync($"/campagnes/{slug}/collectivites?statut=peut-etre");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Statut inconnu « peut-etre »", HtmlText.Visible(await wrong.Content.ReadAsStringAsync()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_feed_of_answers_is_Atom_newest_first(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var slug = await CampaignWithAnswersAsync(app);
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync($"/campagnes/{slug}/reponses.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var atom = await response.Content.ReadAsStringAsync();
        using var reader = XmlReader.Create(new StringReader(atom));
        var feed = SyndicationFeed.Load(reader);
        var items = feed.Items.ToList();
        Assert.Equal(7, items.Count);
        Assert.Equal("Lyon 1er Arrondissement : engagement", items[0].Title.Text);
        Assert.Equal("Montbrison : engagement partiel", items[1].Title.Text);
        var saintEtienne = items[2];
        Assert.Equal("Saint-Étienne : engagement", saintEtienne.Title.Text);
        Assert.EndsWith("/communes/42218-saint-etienne", saintEtienne.Links.Single().Uri.ToString());
        Assert.Contains("Saint-Étienne s'engage à ne jamais déployer de VSA.", ((TextSyndicationContent)saintEtienne.Summary).Text);
        Assert.Contains(items, i => i.Title.Text == "Saint-Chamond : refus");
        Assert.DoesNotContain(PrivateEmail, atom);
    }

    private static string Plain(string text) => Regex.Replace(text, @"\s", " ");

    private static string Between(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        var end = text.IndexOf(to, start, StringComparison.Ordinal);
        return text[start..end];
    }

    /// <summary>The INSEE codes of the list's rows, in order.</summary>
    private static List<string> Codes(string html) => [.. RowCode().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<tr data-code=\"([0-9AB]{5})\" data-status=")]
    private static partial Regex RowCode();
}
