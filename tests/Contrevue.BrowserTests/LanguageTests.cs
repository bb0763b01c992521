using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_language_switch_turns_the_page_to_english_and_back_on_the_same_page()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        await page.GotoAsync("/communes/42218-saint-etienne");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page).ToHaveURLAsync(new Regex("/communes/42218-saint-etienne$"));

        // The choice is kept (a cookie), not only applied to one response.
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Français", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(page).ToHaveURLAsync(new Uri(fixture.Origin, "/").ToString());
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true })).ToBeVisibleAsync();
        watched.AssertNoBrowserErrors();
    }
}
