using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Veille.Feeds;
using Contrevue.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// The moderators' feed pages in Chromium: accessible in light and dark, a paused feed's error on its row, and an item
/// of the review queue published without JavaScript with the territory chosen among an ambiguous name's candidates.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FeedSubscriptionTests(BrowserFixture fixture)
{
    private const string Password = "une phrase de passe assez longue";
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static string? _moderatorState;

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_feeds_and_the_review_queue_are_accessible(string scheme)
    {
        var word = "Axeflux" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(word);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light, StorageState = await ModeratorStateAsync() });
        var page = watched.Page;

        await page.GotoAsync("/veille/flux");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Flux suivis");
        await Expect(page.Locator("main")).ToContainTextAsync("Le site a répondu par une erreur (500).");
        await AssertAccessibleAsync(watched, "/veille/flux");
        await page.GotoAsync("/veille/a-verifier");
        await Expect(page.Locator("main")).ToContainTextAsync($"Saint-Denis vote la VSA {word}");
        await AssertAccessibleAsync(watched, "/veille/a-verifier");
        watched.AssertNoRequestLeftTheOrigin();
    }

    [Fact]
    public async Task Without_javascript_a_moderator_publishes_an_item_with_the_candidate_chosen()
    {
        var word = "Fluxsansjs" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(word);
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, StorageState = await ModeratorStateAsync() });
        var page = watched.Page;

        await page.GotoAsync("/veille/a-verifier");
        var item = page.Locator("section.feed-item", new() { HasText = word });
        // The sure name is checked, the ambiguous one's candidates are not.
        await Expect(item.GetByLabel("Montpellier (34172)")).ToBeCheckedAsync();
        await Expect(item.GetByLabel("Saint-Denis (93066)")).Not.ToBeCheckedAsync();
        await item.GetByLabel("Saint-Denis (93066)").CheckAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Publier dans la veille" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Article publié dans la veille");
        await Expect(page.Locator("section.feed-item", new() { HasText = word })).ToHaveCountAsync(0);

        await page.GotoAsync($"/veille?q={word}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Saint-Denis vote la VSA {word}" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Saint-Denis");
        await Expect(page.Locator("main")).ToContainTextAsync("Montpellier");
        watched.AssertNoRequestLeftTheOrigin();
    }

    /// <summary>A paused feed with its error, and one item waiting, as a poll would have left them.</summary>
    private async Task SeedAsync(string word)
    {
        using var scope = fixture.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var feed = new FeedSubscription
        {
            Url = $"https://partenaire.example/{word}/rss.xml", Title = $"Partenaire {word}", Paused = true, ConsecutiveFailures = 5,
            LastError = "Le site a répondu par une erreur (500).", LastErrorAt = now, NextPollAt = now.AddHours(2), CreatedAt = now,
        };
        db.Add(feed);
        await db.SaveChangesAsync();
        db.Add(new FeedItem
        {
            FeedId = feed.Id, SourceId = $"item-{word}", Url = $"https://partenaire.example/{word}/saint-denis", CanonicalUrl = $"https://partenaire.example/{word}/saint-denis",
            Title = $"Saint-Denis vote la VSA {word}", NormalizedTitle = $"saint denis vote la vsa {word.ToLowerInvariant()}", Outlet = feed.Title,
            Summary = "Comme Montpellier, la ville s'équipe.", PublishedAt = now.AddDays(-1), FetchedAt = now,
            SuggestedTerritories = """[{"text":"Montpellier","territory":"34172","ambiguous":false,"candidates":[]},{"text":"Saint-Denis","territory":null,"ambiguous":true,"candidates":["93066","97411"]}]""",
        });
        await db.SaveChangesAsync();
    }

    private async Task<string> ModeratorStateAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_moderatorState is not null)
            {
                return _moderatorState;
            }
            var email = $"moderateur-flux-{Guid.NewGuid():N}@contrevue.test";
            using (var scope = fixture.Services.CreateScope())
            {
                var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, Password, Roles.Moderator);
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
            _moderatorState = await page.Context.StorageStateAsync();
            return _moderatorState;
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static async Task AssertAccessibleAsync(WatchedPage watched, string what)
    {
        var blocking = (await Axe.RunAsync(watched.Page)).Violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {Axe.Describe(blocking)}");
    }
}
