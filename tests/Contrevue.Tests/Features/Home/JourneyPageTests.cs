using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Contrevue.Tests.Features.Home;

/// <summary>
/// The journeys between the building blocks, as a browser without JavaScript walks them: the home page
/// leads to the campaign and the law, territory fields take names, the commune page answers first what
/// the visitor came for, alerts say what to do, English chosen by the browser says French comes first.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class JourneyPageTests(TestApps apps)
{
    private const string Campaign = "/campagnes/pas-de-vsa-dans-ma-ville";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_home_page_and_the_menu_lead_to_writing_to_ones_mairie_and_to_the_templates(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var html = await app.CreateBrowserlessClient().GetStringAsync("/");
        var text = HtmlText.Visible(html);

        Assert.Contains("Écrire à ma mairie", text);
        Assert.Contains($"<form method=\"get\" action=\"{Campaign}/lettre\"", html);
        Assert.Contains("data-suggest-fill", html);
        // The map says what Contrevue knows, not how many people live there.
        Assert.Contains("Carte des dossiers par département", text);
        Assert.DoesNotContain("Population", text);
        Assert.Contains("href=\"/procedures/modeles?modele=contravention-contest#modele\"", html);
        Assert.Contains("href=\"/delais\"", html);
        Assert.Contains("<li><a href=\"/campagnes\">Écrire à ma mairie</a></li>", html);
        Assert.Contains("<li><a href=\"/procedures/modeles\">Recours</a></li>", html);

        // The menu's « Écrire à ma mairie »: the campaign's page when one campaign is open, else the list of them.
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var campaigns = await client.GetAsync("/campagnes");
        if (campaigns.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Equal($"{Campaign}#ecrire", campaigns.Headers.Location!.OriginalString);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, campaigns.StatusCode);
            Assert.Contains($"href=\"{Campaign}#ecrire\"", await campaigns.Content.ReadAsStringAsync());
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_composer_takes_a_commune_by_its_name_and_offers_the_choices_of_an_ambiguous_one(DatabaseProvider provider)
    {
        var client = (await apps.GetAsync(provider)).CreateBrowserlessClient();

        var named = HtmlText.Visible(await client.GetStringAsync($"{Campaign}/lettre?territoire=saint+etienne"));
        Assert.Contains("Écrire à Saint-Étienne", named);

        var ambiguous = await client.GetStringAsync($"{Campaign}/lettre?territoire=Saint-Martin");
        Assert.Contains("Plusieurs territoires répondent à « Saint-Martin » : choisissez le vôtre.", HtmlText.Visible(ambiguous));
        var choices = RadioValue().Matches(ambiguous).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.True(choices.Count > 1, ambiguous);
        Assert.All(choices, choice => Assert.Matches(@"^Saint-Martin \(\w{5}\)$", choice));

        var unknown = await client.GetStringAsync($"{Campaign}/lettre?territoire=Xyzzyville");
        Assert.Contains("aria-invalid=\"true\"", unknown);
        Assert.Contains("Aucune commune ne correspond à « Xyzzyville »", HtmlText.Visible(unknown));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_letter_written_to_a_typed_name_reaches_that_mairie(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true }));

        var preview = await visitor.SubmitAsync($"{Campaign}/lettre", new Dictionary<string, string>
        {
            ["Territoire"] = "st etienne",
            ["SenderKind"] = "individual",
            ["SenderName"] = "Camille Martin",
            ["PersonalParagraph"] = "J'habite à Saint-Étienne depuis vingt ans et je ne veux pas que mes trajets quotidiens soient analysés par un logiciel.",
            ["Format"] = "txt",
        }, $"{Campaign}/lettre?handler=Preview");

        var text = HtmlText.Visible(await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Écrire à Saint-Étienne", text);
        Assert.Contains("Mairie de Saint-Étienne", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_commune_page_answers_first_what_the_visitor_came_for(DatabaseProvider provider)
    {
        var text = HtmlText.Visible(await (await apps.GetAsync(provider)).CreateBrowserlessClient().GetStringAsync("/communes/42218-saint-etienne"));

        var dossiers = text.IndexOf("Vidéosurveillance : dossiers de l'observatoire", StringComparison.Ordinal);
        var campaign = text.IndexOf("Pas de VSA dans ma ville", StringComparison.Ordinal);
        var facts = text.IndexOf("Codes postaux", StringComparison.Ordinal);
        Assert.True(dossiers >= 0 && campaign >= 0 && facts >= 0, text);
        Assert.True(dossiers < facts && campaign < facts, "the reference facts come before what the visitor came for");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Each_alert_of_a_dossier_says_what_to_do_with_the_template_and_the_deadlines(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var created = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync("/api/v1/dossiers",
            Observatoire.DossierApiTests.VsaDossier($"Vidéoverbalisation à Saint-Étienne {Guid.NewGuid():N}"));
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetInt32();
        var client = app.CreateBrowserlessClient();

        // The id alone redirects to the dossier's canonical address, which the alerts give as the proof.
        var byId = await client.GetAsync($"/observatoire/dossiers/{id}");
        var path = byId.Headers.Location?.OriginalString ?? $"/observatoire/dossiers/{id}";
        var html = await client.GetStringAsync(path);
        Assert.Contains("Que faire ?", HtmlText.Visible(html));
        var evidence = Uri.EscapeDataString(path);
        Assert.Contains($"href=\"/procedures/modeles?modele=contravention-contest&amp;preuve={evidence}#modele\"", html);
        Assert.Contains("href=\"/delais?procedure=contravention-contest\"", html);
        Assert.Contains("href=\"/delais?procedure=fine-claim\"", html);
        Assert.Contains($"href=\"/procedures/modeles?modele=cnil-complaint&amp;preuve={evidence}#modele\"", html);

        // The template opens with the dossier's page as the proof to attach; another address is not taken.
        var template = await client.GetStringAsync($"/procedures/modeles?modele=contravention-contest&preuve={evidence}");
        Assert.Contains($"name=\"EvidenceUrl\" type=\"url\" value=\"http://localhost{path}\"", template);
        var hostile = await client.GetStringAsync("/procedures/modeles?modele=contravention-contest&preuve=%2F%2Fevil.example%2Fobservatoire%2Fdossiers%2F1");
        Assert.DoesNotMatch("name=\"EvidenceUrl\"[^>]*evil", hostile);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task English_chosen_by_the_browser_says_the_platform_is_french_first_and_a_chosen_language_does_not(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        const string Notice = "this page is in English because your browser asks for it";

        async Task<string> GetAsync(string? acceptLanguage, string? cookie)
        {
            using var client = app.CreateBrowserlessClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/communes/42218-saint-etienne");
            if (acceptLanguage is not null)
            {
                request.Headers.Add("Accept-Language", acceptLanguage);
            }
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", $".AspNetCore.Culture={Uri.EscapeDataString(cookie)}");
            }
            return HtmlText.Visible(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        }

        // In both orders, so that the output cache cannot give one the other's page.
        Assert.Contains(Notice, await GetAsync("en-US,en;q=0.9", null));
        Assert.DoesNotContain(Notice, await GetAsync("en-US,en;q=0.9", "c=en-GB|uic=en-GB"));
        Assert.Contains(Notice, await GetAsync("en-US,en;q=0.9", null));
        Assert.Contains("Lire en français", await GetAsync("en", null));
        Assert.DoesNotContain(Notice, await GetAsync("fr-FR", null));
        Assert.DoesNotContain(Notice, await GetAsync(null, null));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_batch_is_declared_sent_at_once_with_its_communes_prefilled_and_a_wrong_line_records_nothing(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true }));
        var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // The batch's list comes back one commune per line, by name and code.
        var prefilled = WebUtility.HtmlDecode(await visitor.Client.GetStringAsync($"{Campaign}/envois-groupes?communes=19031,19272,23096"));
        Assert.Contains("Brive-la-Gaillarde (19031)\nTulle (19272)\nGuéret (23096)", prefilled);

        var refused = await visitor.SubmitAsync($"{Campaign}/envois-groupes", new Dictionary<string, string>
        {
            ["Communes"] = "Brive-la-Gaillarde (19031)\nSaint-Martin\nXyzzyville\n19272", ["SentOn"] = today, ["Channel"] = "post",
        });
        var refusedText = HtmlText.Visible(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Rien n'est enregistré", refusedText);
        Assert.Contains("Ligne 2 : Plusieurs territoires répondent à « Saint-Martin »", refusedText);
        Assert.Contains("Ligne 3 : Aucune commune ne correspond à « Xyzzyville »", refusedText);
        Assert.Contains("Jamais sollicitée", HtmlText.Visible(await visitor.Client.GetStringAsync("/communes/19031-brive-la-gaillarde")));

        var recorded = await visitor.SubmitAsync($"{Campaign}/envois-groupes", new Dictionary<string, string>
        {
            ["Communes"] = "Brive-la-Gaillarde (19031)\ntulle\n23096\n23096", ["SentOn"] = today, ["Channel"] = "post", ["PublicName"] = "Collectif Limousin",
        });
        Assert.Contains("Merci : 3 envois enregistrés.", HtmlText.Visible(await recorded.Content.ReadAsStringAsync()));
        foreach (var commune in new[] { "/communes/19031-brive-la-gaillarde", "/communes/19272-tulle", "/communes/23096-gueret" })
        {
            Assert.Contains("Sollicitée, sans réponse", HtmlText.Visible(await visitor.Client.GetStringAsync(commune)));
        }
    }

    [GeneratedRegex("<input type=\"radio\" name=\"Territoire\" value=\"([^\"]+)\"")]
    private static partial Regex RadioValue();
}
