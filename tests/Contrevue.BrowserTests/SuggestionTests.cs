using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SuggestionTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_suggestion_is_chosen_with_the_arrow_keys_and_enter()
    {
        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        await page.GotoAsync("/");

        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Commune, code postal, département ou intercommunalité" });
        // One input event, hence one request: typing key by key on a slow machine could let a list
        // for "saint-e" be replaced under the arrow keys by the list for "saint-eti".
        await search.FillAsync("saint-eti");
        var first = page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option).First;
        await Expect(first).ToBeVisibleAsync();
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "true");

        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        var chosen = Text.Normalise(await first.InnerTextAsync());
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(@"/communes/[0-9][0-9AB][0-9]{3}-[a-z0-9-]+$"));
        var heading = Text.Normalise(await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.StartsWith(heading, chosen, StringComparison.Ordinal);
        watched.AssertNoBrowserErrors();
    }
}
