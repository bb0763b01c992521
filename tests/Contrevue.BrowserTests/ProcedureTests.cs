using Contrevue.Infrastructure.Security;
using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Features.Procedures;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// The procedures of a collective in Chromium: every page accessible in both colour schemes without a
/// request elsewhere, the chain from a CADA request to its referral without JavaScript, and the public
/// deadline calculator with it. Each member works in a collective of their own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProcedureTests(BrowserFixture fixture)
{
    private const string Password = "une phrase de passe assez longue";

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static MemberWorld? _world;
    private static string? _adminState;

    /// <summary>A member signed in once, their collective, and one of its procedures with a start date.</summary>
    private sealed record MemberWorld(string State, int CollectiveId, int ProcedureId);

    private async Task<(string Email, string UserId, int CollectiveId)> CreateMemberAsync()
    {
        var email = $"membre-procedures-{Guid.NewGuid():N}@contrevue.test";
        using var scope = fixture.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, Password, Roles.Member);
        Assert.NotNull(created.User);
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var collective = new Collective { Name = $"Collectif {Guid.NewGuid():N}"[..30], CreatedAt = DateTime.UnixEpoch };
        db.Add(collective);
        await db.SaveChangesAsync();
        db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = created.User.Id, JoinedAt = DateTime.UnixEpoch });
        await db.SaveChangesAsync();
        return (email, created.User.Id, collective.Id);
    }

    /// <summary>Members sign in with their password only.</summary>
    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/connexion"));
    }

    private async Task<MemberWorld> MemberWorldAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_world is not null)
            {
                return _world;
            }
            var (email, userId, collectiveId) = await CreateMemberAsync();
            int procedureId;
            using (var scope = fixture.Services.CreateScope())
            {
                var procedures = scope.ServiceProvider.GetRequiredService<ProcedureService>();
                var change = await procedures.CreateAsync(userId, collectiveId, new ProcedureInput(
                    ProcedureCodes.CadaRequest, "Marché de VSA de Saint-Étienne", "Ville de Saint-Étienne", "42", null,
                    "Le CCTP du marché de vidéosurveillance algorithmique.", "2025-01-31", null), default);
                procedureId = Assert.IsType<ProcedureChange.Done>(change).Procedure.Id;
                Assert.IsType<ProcedureChange.Done>(await procedures.AddEventAsync(userId, procedureId, new ProcedureEventInput("sent", "2025-01-27", "Recommandé avec AR"), default));
            }
            await using var watched = await fixture.OpenAsync();
            await SignInAsync(watched.Page, email);
            _world = new MemberWorld(await watched.Page.Context.StorageStateAsync(), collectiveId, procedureId);
            return _world;
        }
        finally
        {
            Seeding.Release();
        }
    }

    /// <summary>An admin signed in once, password then TOTP, as CampaignTests does.</summary>
    private async Task<string> AdminStateAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_adminState is not null)
            {
                return _adminState;
            }
            var email = $"admin-procedures-{Guid.NewGuid():N}@contrevue.test";
            using (var scope = fixture.Services.CreateScope())
            {
                var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, Password, Roles.Admin);
                Assert.NotNull(created.User);
            }
            await using var watched = await fixture.OpenAsync();
            var page = watched.Page;
            await page.GotoAsync("/connexion");
            await page.GetByLabel("Adresse e-mail").FillAsync(email);
            await page.GetByLabel("Mot de passe").FillAsync(Password);
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

    public static TheoryData<string, ColorScheme> PublicPages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add("/delais", scheme);
            data.Add("/delais?procedure=cada-request&start=2025-01-31", scheme);
            data.Add("/procedures/modeles", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task Public_procedure_page_has_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme });
        await AssertAccessibleAsync(watched, path, scheme);
    }

    /// <summary>{procedure} and {collectif} stand for the member's procedure and collective.</summary>
    public static TheoryData<string, ColorScheme> MemberPages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add("/procedures", scheme);
            data.Add("/procedures/nouvelle?collectif={collectif}", scheme);
            data.Add("/procedures/{procedure}", scheme);
            data.Add("/procedures/{procedure}/modifier", scheme);
            data.Add("/procedures/echeances", scheme);
            data.Add("/collectifs/{collectif}/calendrier", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MemberPages))]
    public async Task Member_procedure_page_has_no_serious_or_critical_accessibility_violation(string template, ColorScheme scheme)
    {
        var world = await MemberWorldAsync();
        var path = template
            .Replace("{collectif}", world.CollectiveId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{procedure}", world.ProcedureId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme, StorageState = world.State });
        await AssertAccessibleAsync(watched, path, scheme);
        await Expect(watched.Page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Holidays_admin_page_has_no_serious_or_critical_accessibility_violation(ColorScheme scheme)
    {
        var state = await AdminStateAsync();
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme, StorageState = state });
        await AssertAccessibleAsync(watched, "/admin/jours-feries", scheme);
        await Expect(watched.Page).ToHaveURLAsync(new Regex("/admin/jours-feries$"));
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

    [Fact]
    public async Task Without_javascript_a_CADA_request_without_answer_continues_into_a_referral_whose_court_deadline_is_explained()
    {
        var (email, _, collectiveId) = await CreateMemberAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;
        await SignInAsync(page, email);

        await page.GotoAsync($"/procedures/nouvelle?collectif={collectiveId}");
        await page.GetByLabel("Type de procédure").SelectOptionAsync(new SelectOptionValue { Label = "Demande de communication de documents administratifs" });
        await page.GetByLabel("Titre").FillAsync("Marché de VSA de Saint-Étienne");
        await page.GetByLabel("Administration concernée").FillAsync("Ville de Saint-Étienne");
        await page.GetByLabel("Département de l'administration (facultatif)").FillAsync("42");
        await page.GetByLabel("Documents demandés ou décision contestée").FillAsync("Le CCTP et l'acte d'engagement du marché de vidéosurveillance algorithmique.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la procédure" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/procedures/\d+$"));
        var request = new Uri(page.Url).AbsolutePath;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Marché de VSA de Saint-Étienne");
        var deadlines = page.Locator("#procedure-delais");
        await Expect(deadlines).ToContainTextAsync("Les délais seront calculés dès que la date de départ sera connue.");

        // Sent, then received by the mairie according to the avis de réception: the deadlines start.
        await AddEventAsync(page, "Envoyée", "2025-01-27");
        await AddEventAsync(page, "Reçue par l'administration (accusé de réception)", "2025-01-31");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(request) + "$"));
        await Expect(deadlines.Locator("table")).ToContainTextAsync("vendredi 28 février 2025");
        await Expect(deadlines.Locator("table")).ToContainTextAsync("lundi 28 avril 2025");
        await Expect(deadlines.Locator("table")).ToContainTextAsync("31/01/2025 + 1 mois = 28/02/2025");
        await Expect(page.Locator("#chronologie + ol")).ToContainTextAsync("31 janvier 2025");

        // No answer: the referral to the CADA is created from the request, for the member to check.
        await page.GetByLabel("Poursuivre par").SelectOptionAsync(new SelectOptionValue { Label = "Saisine de la CADA" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'étape suivante" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/procedures/\d+/modifier$"));
        var referral = new Uri(page.Url).AbsolutePath.Replace("/modifier", "", StringComparison.Ordinal);
        Assert.NotEqual(request, referral);
        await Expect(page.GetByLabel("Administration concernée")).ToHaveValueAsync("Ville de Saint-Étienne");
        await Expect(page.GetByLabel("Type de procédure")).ToHaveValueAsync("cada-referral");
        await Expect(page.GetByLabel("Documents demandés ou décision contestée")).ToHaveValueAsync(new Regex("CCTP"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(referral) + "$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Saisine de la CADA");
        // The CADA registers it on 10 March: its opinion, the implicit confirmation, then the court.
        await AddEventAsync(page, "Enregistrée par la CADA", "2025-03-10");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(referral) + "$"));
        var table = page.Locator("#procedure-delais table");
        await Expect(table).ToContainTextAsync("jeudi 10 avril 2025");
        await Expect(table).ToContainTextAsync("vendredi 11 juillet 2025");
        await Expect(table).ToContainTextAsync("délai franc");

        await page.GotoAsync(request);
        await Expect(page.Locator("main .muted").First).ToContainTextAsync("Poursuivie");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Poursuivie par");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    private static async Task AddEventAsync(IPage page, string kind, string on)
    {
        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Ajouter un évènement" }) });
        await form.GetByLabel("Évènement").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await form.GetByLabel("Date", new() { Exact = true }).FillAsync(on);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajouter" }).ClickAsync();
        await Expect(page.Locator(".field-error:not(:empty), .validation-summary-errors")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chronologie + ol")).ToContainTextAsync(kind);
    }

    [Fact]
    public async Task With_javascript_the_calculator_shows_the_deadlines_of_a_chosen_procedure_and_date()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;

        var response = await page.GotoAsync("/delais");
        Assert.Equal(200, response!.Status);
        await page.GetByLabel("Procédure").SelectOptionAsync("cada-request");
        await page.GetByLabel("Date de départ").FillAsync("2025-01-31");
        await page.GetByLabel("Département de l'administration (facultatif)").FillAsync("42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Calculer" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/delais\?procedure=cada-request&start=2025-01-31&departement=42$"));
        var result = page.Locator("section[aria-labelledby='resultat']");
        await Expect(result.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("vendredi 31 janvier 2025");
        var table = result.Locator("table.deadlines");
        await Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(table).ToContainTextAsync("vendredi 28 février 2025");
        await Expect(table).ToContainTextAsync("lundi 28 avril 2025");
        await Expect(table).ToContainTextAsync("31/01/2025 + 1 mois = 28/02/2025");
        await Expect(table.Locator("time[datetime='2025-02-28']")).ToHaveCountAsync(1);
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }
}
