using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Observatoire;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>The observatoire's public pages in Chromium: accessible in both colour schemes, usable without JavaScript.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ObservatoireTests(BrowserFixture fixture)
{
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static string? _dossierPath;

    /// <summary>One dossier with every kind of fact and two sources, created once through the service the API uses.</summary>
    private async Task<string> DossierPathAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_dossierPath is not null)
            {
                return _dossierPath;
            }
            using var scope = fixture.Services.CreateScope();
            var dossiers = scope.ServiceProvider.GetRequiredService<DossierService>();
            var change = await dossiers.CreateAsync(new DossierDocument
            {
                Title = "Vidéosurveillance algorithmique au stade",
                Summary = "La commune teste un logiciel d'**analyse automatique** des images.\n\n- 30 caméras\n- un hyperviseur",
                Authority = new AuthorityDocument("commune", "42218", null),
                Technologies = ["vsa", "video-verbalisation", "supervision-centre"],
                Vendors = [new VendorReference(null, "Vision Navigateur SAS", "Hyperviseur 2")],
                Status = "deployed",
                StatusSince = "2024-06-01",
                CameraCount = 30,
                BudgetEur = 250_000,
                Funders = [new FundingDocument("state", "FIPD", 100_000)],
                Authorization = new AuthorizationDocument("2019/77", "2019-03-01", null, false, "Protection des bâtiments publics"),
                Experimentation = new ExperimentationDocument(["crowd-density", "abandoned-object"]),
                Sources =
                [
                    new SourceDocument { Kind = "deliberation", Title = "Délibération 2024-03", Url = "https://example.org/deliberation", Confidence = "established" },
                    new SourceDocument { Kind = "article", Title = "Le stade sous l'œil des algorithmes", Publisher = "Journal local", Url = "https://example.org/article", Confidence = "probable", Facts = ["status", "camera-count"] },
                ],
            }, "browser-tests", default);
            var dossier = Assert.IsType<DossierChange.Saved>(change).Dossier;
            _dossierPath = dossier.CanonicalPath;
            return _dossierPath;
        }
        finally
        {
            Seeding.Release();
        }
    }

    public static TheoryData<string, ColorScheme> Pages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add("{dossier}", scheme);
            data.Add("{dossier}/../proposer-une-source", scheme);
            data.Add("/communes/42218-saint-etienne", scheme);
            data.Add("/observatoire", scheme);
            data.Add("/observatoire?q=stade&technology=vsa", scheme);
            data.Add("/observatoire/statistiques", scheme);
            data.Add("/observatoire/fournisseurs", scheme);
            data.Add("/observatoire/fournisseurs/vision-navigateur-sas", scheme);
            data.Add("/observatoire/proposer", scheme);
            data.Add("{dossier}/../historique", scheme);
            data.Add("/observatoire/signaler?dossier={id}", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Observatoire_page_has_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        var dossierPath = await DossierPathAsync();
        var id = dossierPath.Split('/')[^1].Split('-')[0];
        path = path.Replace("{dossier}/../", $"/observatoire/dossiers/{id}/", StringComparison.Ordinal).Replace("{dossier}", dossierPath, StringComparison.Ordinal)
            .Replace("{id}", id, StringComparison.Ordinal);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme });
        var response = await watched.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);

        var results = await Axe.RunAsync(watched.Page);

        Assert.True(results.PassedRules > 0, $"axe checked nothing on {path}.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {path} ({scheme}):\n{Axe.Describe(blocking)}");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task The_dossier_form_places_its_point_by_a_click_on_the_map_by_keyboard_or_by_typing()
    {
        await using var watched = await fixture.OpenAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = watched.Page;
        await page.GotoAsync("/observatoire/proposer");
        await Expect(page.Locator("#point-picker")).ToHaveAttributeAsync("data-state", "ready");
        var latitude = page.Locator("input[data-point=latitude]");
        var longitude = page.Locator("input[data-point=longitude]");

        // Typed coordinates (the French comma too) bring the map and the marker there.
        await latitude.FillAsync("45,6075");
        await longitude.FillAsync("4.0653");
        await longitude.DispatchEventAsync("change");
        await Expect(page.Locator("#point-picker .maplibregl-marker")).ToBeVisibleAsync();
        var centre = await page.EvaluateAsync<double[]>("() => { const c = window.pointPickerMap.getCenter(); return [c.lng, c.lat]; }");
        Assert.InRange(centre[0], 4.06, 4.07);
        Assert.InRange(centre[1], 45.60, 45.61);

        // A click writes the clicked place, five decimals, into both fields.
        var canvas = page.Locator("#point-picker .maplibregl-canvas");
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = (await canvas.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 4, box.Y + box.Height / 4);
        await Expect(latitude).Not.ToHaveValueAsync("45,6075");
        var clicked = await page.EvaluateAsync<double[]>(
            $"() => {{ const p = window.pointPickerMap.unproject([{(box.Width / 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}, {(box.Height / 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}]); return [p.lng, p.lat]; }}");
        Assert.Matches(@"^\d+\.\d{5}$", await latitude.InputValueAsync());
        Assert.InRange(double.Parse(await latitude.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture), clicked[1] - 1e-4, clicked[1] + 1e-4);
        Assert.InRange(double.Parse(await longitude.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture), clicked[0] - 1e-4, clicked[0] + 1e-4);

        // The keyboard: pan with the arrows, then the button puts the point at the map's centre.
        await canvas.FocusAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.WaitForFunctionAsync("() => !window.pointPickerMap.isMoving()");
        await page.GetByRole(AriaRole.Button, new() { Name = "Placer le point au centre de la carte" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        centre = await page.EvaluateAsync<double[]>("() => { const c = window.pointPickerMap.getCenter(); return [c.lng, c.lat]; }");
        Assert.Equal(centre[1].ToString("F5", System.Globalization.CultureInfo.InvariantCulture), await latitude.InputValueAsync());
        Assert.Equal(centre[0].ToString("F5", System.Globalization.CultureInfo.InvariantCulture), await longitude.InputValueAsync());
        await Expect(page.Locator("[data-point-status]")).ToContainTextAsync("Point placé");

        // Cleared: both fields empty, no marker.
        await page.GetByRole(AriaRole.Button, new() { Name = "Effacer le point" }).ClickAsync();
        await Expect(latitude).ToHaveValueAsync("");
        await Expect(longitude).ToHaveValueAsync("");
        await Expect(page.Locator("#point-picker .maplibregl-marker")).ToHaveCountAsync(0);

        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task The_dossier_shows_its_alerts_and_a_visitor_proposes_a_source_without_javascript()
    {
        var dossierPath = await DossierPathAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;

        await page.GotoAsync("/communes/42218-saint-etienne");
        await page.GetByRole(AriaRole.Link, new() { Name = "Vidéosurveillance algorithmique au stade" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(dossierPath) + "$"));
        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("Autorisation préfectorale expirée");
        await Expect(main).ToContainTextAsync("Vidéoverbalisation sans autorisation connue qui la couvre");
        await Expect(main).ToContainTextAsync("1 mars 2024");
        await Expect(main.Locator(".prose strong")).ToHaveTextAsync("analyse automatique");

        await page.GetByRole(AriaRole.Link, new() { Name = "Proposer une source" }).ClickAsync();
        await page.GetByLabel("Titre de la source").FillAsync("Compte rendu du conseil municipal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync();
        // Bad input comes back with a French message and nothing typed is lost.
        await Expect(main).ToContainTextAsync("Une source a une adresse web");
        await Expect(page.GetByLabel("Titre de la source")).ToHaveValueAsync("Compte rendu du conseil municipal");

        await page.GetByLabel("Adresse web").FillAsync("https://example.org/compte-rendu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la proposition" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/proposer/merci"));
        watched.AssertNoRequestLeftTheOrigin();
    }

    [Fact]
    public async Task The_list_filters_and_searches_without_javascript()
    {
        await DossierPathAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;

        await page.GotoAsync("/observatoire");
        await page.GetByLabel("Rechercher").FillAsync("algorithmiques stades");
        // The criteria wait behind their summary until one is chosen.
        await Expect(page.GetByLabel("Technologie")).ToBeHiddenAsync();
        await page.GetByText("Plus de critères").ClickAsync();
        await page.GetByLabel("Technologie").SelectOptionAsync("vsa");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher les dossiers" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Vidéosurveillance algorithmique au stade" })).ToBeVisibleAsync();
        await page.GetByLabel("Rechercher").FillAsync("introuvablissime");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher les dossiers" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Aucun dossier");
        watched.AssertNoRequestLeftTheOrigin();
    }
}
