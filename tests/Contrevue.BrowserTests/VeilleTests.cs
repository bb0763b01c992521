using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Accounts;
using Contrevue.Features.Veille;
using Contrevue.Infrastructure.Security;
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

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Its_author_edits_an_article_answers_which_saint_denis_and_deletes_it_accessibly(string scheme)
    {
        var word = "Edit" + Guid.NewGuid().ToString("N")[..8];
        var email = $"membre-veille-{Guid.NewGuid():N}@contrevue.test";
        string userId;
        using (var scope = fixture.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, Password, Roles.Member);
            userId = created.User!.Id;
        }
        var title = await AddAsync(word, "2026-11-19", ["42218"], userId);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
        var page = watched.Page;
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/connexion"));

        await page.GotoAsync($"/veille?q={word}");
        await page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier l'article" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Modifier l'article");
        await Expect(page.GetByLabel("Territoires concernés")).ToHaveValueAsync("Saint-Étienne (42218)");
        await AssertAccessibleAsync(watched, "the edit form");

        await page.GetByLabel("Territoires concernés").FillAsync("Saint-Étienne\nSaint-Denis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les changements" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "« Saint-Denis » : plusieurs territoires portent ce nom. Lequel ?" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Territoires concernés")).ToHaveValueAsync("Saint-Étienne\nSaint-Denis");
        await AssertAccessibleAsync(watched, "the question of the homonyms");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Saint-Denis Seine-Saint-Denis (93)" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les changements" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator("main")).ToContainTextAsync("Article modifié.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Saint-Denis", Exact = true })).ToHaveAttributeAsync("href", new Regex("^/communes/93066-"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Supprimer l'article" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync($"Supprimer « {title} » (Le Progrès) de la veille ?");
        await AssertAccessibleAsync(watched, "the confirmation of a deletion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/veille$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Article supprimé de la veille.");
        watched.AssertNoRequestLeftTheOrigin();
        // The question comes back as a 400, as every form with something to fix does.
        watched.AssertNoBrowserErrorsBut400sOf("/modifier");
    }

    private const string Password = "une phrase de passe assez longue";

    private async Task<string> AddAsync(string word, string publishedOn, string[] territories, string? userId = null)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var articles = scope.ServiceProvider.GetRequiredService<ArticleService>();
        var title = $"Vidéosurveillance algorithmique : le conseil vote {word}";
        var change = await articles.AddAsync(new ArticleInput(title, "Le Progrès", "Camille Martin", publishedOn,
            $"https://www.leprogres.fr/loire/{word}?utm_source=rss", "Le conseil municipal a voté l'extension du dispositif.", ["vsa"], territories), userId, default);
        Assert.IsType<ArticleChange.Done>(change);
        return title;
    }

    private static async Task AssertAccessibleAsync(WatchedPage watched, string what)
    {
        var blocking = (await Axe.RunAsync(watched.Page)).Violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {Axe.Describe(blocking)}");
    }
}
