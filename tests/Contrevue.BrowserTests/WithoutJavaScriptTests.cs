using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

/// <summary>Tor Browser's "safest" level: no script at all, and the search still works.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WithoutJavaScriptTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_plain_form_finds_a_commune_by_postal_code()
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;
        await page.GotoAsync("/");

        var search = page.GetByLabel("Commune, code postal, département ou intercommunalité");
        // The suggestion script would have turned the box into a combobox: proof that it did not run.
        await Expect(search).Not.ToHaveAttributeAsync("role", "combobox");
        await search.FillAsync("42000");
        await search.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/recherche\?q=42000$"));

        await page.Locator("ol.results").GetByRole(AriaRole.Link, new() { Name = "Saint-Étienne", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/communes/42218-saint-etienne$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Saint-Étienne");
        watched.AssertNoBrowserErrors();
    }
}
