using Contrevue.Infrastructure.Security;
using System.Globalization;
using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Abuse;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// The campaign "Pas de VSA dans ma ville" in Chromium: every page accessible in both colour schemes
/// without a request elsewhere, the sender's journey without JavaScript, the proof of work with it.
/// Each journey writes to its own commune, so that the tests never see each other's letters.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignTests(BrowserFixture fixture)
{
    private const string Campaign = "/campagnes/" + CampaignSeed.PasDeVsaSlug;
    private const string AdminPassword = "une phrase de passe assez longue";

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static string? _followUpToken;
    private static string? _adminState;

    /// <summary>
    /// A letter recorded as the API records it, to Marseille (no journey writes there), and the token
    /// of its follow-up link, as the follow-up e-mail would carry it.
    /// </summary>
    private async Task<string> FollowUpTokenAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_followUpToken is not null)
            {
                return _followUpToken;
            }
            using var scope = fixture.Services.CreateScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<CampaignRequests>().RecordAsync(
                CampaignSeed.PasDeVsaSlug,
                new RequestInput("13055", DaysAgo(10), "post", PublicName: "Collectif de test", ContactEmail: "relance@contrevue.test"),
                default);
            var recorded = Assert.IsType<RequestOutcome.Recorded>(outcome);
            _followUpToken = scope.ServiceProvider.GetRequiredService<FollowUps>().TokenOf(recorded.Request.Id);
            return _followUpToken;
        }
        finally
        {
            Seeding.Release();
        }
    }

    /// <summary>
    /// The cookies of an admin signed in once, as an admin must: password, then TOTP set up on the
    /// page that asks for it. Every admin test reuses them in its own context.
    /// </summary>
    private async Task<string> AdminStateAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_adminState is not null)
            {
                return _adminState;
            }
            var email = $"admin-campagne-{Guid.NewGuid():N}@contrevue.test";
            using (var scope = fixture.Services.CreateScope())
            {
                var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, AdminPassword, Roles.Admin);
                Assert.NotNull(created.User);
            }
            await using var watched = await fixture.OpenAsync();
            var page = watched.Page;
            await page.GotoAsync("/connexion");
            await page.GetByLabel("Adresse e-mail").FillAsync(email);
            await page.GetByLabel("Mot de passe").FillAsync(AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/compte/double-authentification"));
            var key = await page.Locator("code.secret").First.InnerTextAsync();
            await page.GetByLabel("Code de vérification").FillAsync(Totp.Code(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Activer la double authentification" }).ClickAsync();
            await Expect(page.Locator("main")).ToContainTextAsync("codes de secours");
            _adminState = await page.Context.StorageStateAsync();
            return _adminState;
        }
        finally
        {
            Seeding.Release();
        }
    }

    /// <summary>A day in the past, in the site's calendar whatever the machine's time zone.</summary>
    private static string DaysAgo(int days) =>
        TimeProvider.System.GetUtcNow().AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static TheoryData<string, ColorScheme> Pages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add(Campaign, scheme);
            data.Add(Campaign + "/envoi?territoire=42218", scheme);
            data.Add(Campaign + "/reponse?territoire=42218", scheme);
            data.Add(Campaign + "/lettres-groupees", scheme);
            data.Add(Campaign + "/tableau", scheme);
            data.Add(Campaign + "/collectivites", scheme);
            data.Add("/communes/42218-saint-etienne", scheme);
            data.Add("{suivi}", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Campaign_page_has_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        if (path == "{suivi}")
        {
            path = FollowUps.PathOf(await FollowUpTokenAsync());
        }
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme });
        await AssertAccessibleAsync(watched, path, scheme);
    }

    public static TheoryData<string, ColorScheme> AdminPages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add("/admin/campagnes", scheme);
            data.Add($"/admin/campagnes/{CampaignSeed.PasDeVsaSlug}/modifier", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Campaign_admin_page_has_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        var state = await AdminStateAsync();
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme, StorageState = state });
        await AssertAccessibleAsync(watched, path, scheme);
        await Expect(watched.Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
    }

    private static async Task AssertAccessibleAsync(WatchedPage watched, string path, ColorScheme scheme)
    {
        var response = await watched.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await watched.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var results = await Axe.RunAsync(watched.Page);

        Assert.True(results.PassedRules > 0, $"axe checked nothing on {path}.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {path} ({scheme}):\n{Axe.Describe(blocking)}");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    /// <summary>Two public writes only: without a proof of work a client gets five a minute.</summary>
    [Fact]
    public async Task Without_javascript_a_sender_records_a_letter_sees_the_commune_asked_then_reports_its_answer()
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;

        await page.GotoAsync(Campaign + "/envoi?territoire=63113");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("J'ai écrit à Clermont-Ferrand");
        await Expect(page.GetByLabel("Commune", new() { Exact = true })).ToHaveValueAsync("Clermont-Ferrand (63113)");
        await page.GetByLabel("Date d'envoi").FillAsync(DaysAgo(3));
        await page.GetByLabel("Lettre recommandée avec AR").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon envoi" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/envoi\?territoire=(commune%3A)?63113&enregistre=true$"));
        var notice = page.GetByRole(AriaRole.Status);
        await Expect(notice).ToContainTextAsync("Merci : votre envoi est enregistré.");

        await notice.GetByRole(AriaRole.Link, new() { Name = "Voir où en est Clermont-Ferrand" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/communes/63113-clermont-ferrand$"));
        var headline = page.Locator(".campaign-headline");
        await Expect(headline.Locator(".campaign-status .status")).ToHaveTextAsync("Sollicitée, sans réponse");
        await Expect(headline).ToContainTextAsync("1 demande depuis le");

        await page.GotoAsync(Campaign + "/reponse?territoire=63113");
        await page.GetByLabel("Engagement", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Date de la réponse").FillAsync(DaysAgo(1));
        await page.GetByLabel("Citation de la réponse").FillAsync("La ville n'installera aucun dispositif de vidéosurveillance algorithmique.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Merci : la réponse est transmise à l'équipe de modération.");
        // Not published before moderation: the commune is still asked, without an answer.
        await page.GotoAsync("/communes/63113-clermont-ferrand");
        await Expect(page.Locator(".campaign-headline .campaign-status .status")).ToHaveTextAsync("Sollicitée, sans réponse");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task With_javascript_the_letter_is_recorded_with_a_proof_of_work()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        string? postedForm = null;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/envoi", StringComparison.Ordinal))
            {
                postedForm = request.PostData;
            }
        };

        await page.GotoAsync(Campaign + "/envoi?territoire=31555");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("J'ai écrit à Toulouse");
        await page.GetByLabel("Date d'envoi").FillAsync(DaysAgo(2));
        await page.GetByLabel("Courriel", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mon envoi" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/envoi\?territoire=(commune%3A)?31555&enregistre=true$"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Merci : votre envoi est enregistré.");
        Assert.NotNull(postedForm);
        var solution = Regex.Match(postedForm, AbuseCheck.SolutionField + "=([^&]*)");
        Assert.True(solution.Success && solution.Groups[1].Value.Length > 0, $"The form went without a proof of work: {postedForm}");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task The_scoreboard_shows_the_departement_map_the_counts_by_status_and_its_atom_feed()
    {
        await FollowUpTokenAsync();
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;

        var response = await page.GotoAsync(Campaign + "/tableau");
        Assert.Equal(200, response!.Status);

        var map = page.Locator("figure.departement-map svg");
        await Expect(map).ToBeVisibleAsync();
        Assert.True(await map.Locator("path").CountAsync() >= 96, "The map has fewer areas than metropolitan France's départements.");

        var statuses = page.Locator("table#statuts");
        foreach (var status in CampaignCodes.Statuses)
        {
            await Expect(statuses.Locator($"tr[data-code='{status.Code}'] td")).ToHaveTextAsync(new Regex(@"^\d[\d\s\u202F\u00A0]*$"));
        }
        // Marseille, at least, was asked and has not answered.
        var asked = Text.Normalise(await statuses.Locator("tr[data-code='asked-no-answer'] td").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        Assert.True(int.Parse(asked, CultureInfo.InvariantCulture) >= 1, $"No commune counted as asked: {asked}");
        await Expect(page.Locator("#population-couverte")).ToContainTextAsync(new Regex("de la population|ne s'est encore engagée"));

        var feed = page.Locator("head link[rel='alternate'][type='application/atom+xml']");
        await Expect(feed).ToHaveAttributeAsync("href", new Regex("^/.+"));
        var feedResponse = await page.APIRequest.GetAsync((await feed.GetAttributeAsync("href"))!);
        Assert.Equal(200, feedResponse.Status);
        Assert.Contains("atom", feedResponse.Headers["content-type"], StringComparison.Ordinal);
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }
}
