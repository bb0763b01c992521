using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class JourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_visitor_searches_a_commune_reads_its_facts_and_reaches_its_departement_without_any_third_party_request()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;

        await page.GotoAsync("/");
        await page.GetByLabel("Commune, code postal, département ou intercommunalité").FillAsync("st etienne");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chercher", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/recherche\?q=st\+etienne$"));

        await page.Locator("ol.results a").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/communes/42218-saint-etienne$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Saint-Étienne");
        var commune = Text.Normalise(await page.Locator("main").InnerTextAsync());
        Assert.Contains("Loire", commune, StringComparison.Ordinal);
        Assert.Contains("Auvergne-Rhône-Alpes", commune, StringComparison.Ordinal);
        Assert.Contains("173 136 habitants", commune, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Region, new() { Name = "Fiche" })
            .GetByRole(AriaRole.Link, new() { Name = "Loire", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/departements/42-loire$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex(@"^Loire\s+\(42\)$"));

        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }
}
