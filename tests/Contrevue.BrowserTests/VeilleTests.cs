using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Veille;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>/veille in a browser: searched and filtered without JavaScript, and accessible in light and dark.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VeilleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Without_javascript_a_visitor_searches_filters_and_opens_an_article()
    {
        var word = "Navig" + Guid.NewGuid().ToString("N")[..8];
        var title = await AddAsync(word, "2026-11-20", ["42218"]);
        var other = await AddAsync(word + "lyon", "2026-11-21", ["departement:69"]);
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;

        await page.GotoAsync("/veille");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Veille");
        await page.Locator("#veille-q").FillAsync(word);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/veille\\?q={word}"));
        await Expect(page.Locator("main")).ToContainTextAsync(title);
        await Expect(page.Locator("main")).ToContainTextAsync(other);

        await page.Locator("#veille-departement").SelectOptionAsync("42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync(title);
        await Expect(page.Locator("main")).Not.ToContainTextAsync(other);
        await Expect(page.Locator("#veille-q")).ToHaveValueAsync(word);

        await page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator("main")).ToContainTextAsync("20 novembre 2026");
        await Expect(page.Locator("main")).ToContainTextAsync("Saint-Étienne");

        await page.GotoAsync($"/veille?q={word}inconnu");
        await Expect(page.Locator("main")).ToContainTextAsync("Aucun article ne correspond à ces critères.");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_list_its_empty_state_and_an_article_are_accessible(string scheme)
    {
        var word = "Axe" + Guid.NewGuid().ToString("N")[..8];
        var title = await AddAsync(word, "2026-11-18", ["42218", "departement:42"]);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        var page = watched.Page;

        await page.GotoAsync($"/veille?q={word}");
        await Expect(page.Locator("main")).ToContainTextAsync(title);
        await AssertAccessibleAsync(watched, "the list");
        await page.GotoAsync($"/veille?q={word}rien");
        await Expect(page.Locator("main")).ToContainTextAsync("Aucun article ne correspond à ces critères.");
        await AssertAccessibleAsync(watched, "the empty state");
        await page.GotoAsync($"/veille?q={word}");
        await page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await AssertAccessibleAsync(watched, "an article");
        await page.GotoAsync("/veille/proposer");
        await AssertAccessibleAsync(watched, "the proposal form");
        watched.AssertNoRequestLeftTheOrigin();
    }

    private async Task<string> AddAsync(string word, string publishedOn, string[] territories)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var articles = scope.ServiceProvider.GetRequiredService<ArticleService>();
        var title = $"Vidéosurveillance algorithmique : le conseil vote {word}";
        var change = await articles.AddAsync(new ArticleInput(title, "Le Progrès", "Camille Martin", publishedOn,
            $"https://www.leprogres.fr/loire/{word}?utm_source=rss", "Le conseil municipal a voté l'extension du dispositif.", ["vsa"], territories), null, default);
        Assert.IsType<ArticleChange.Done>(change);
        return title;
    }

    private static async Task AssertAccessibleAsync(WatchedPage watched, string what)
    {
        var blocking = (await Axe.RunAsync(watched.Page)).Violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {Axe.Describe(blocking)}");
    }
}
