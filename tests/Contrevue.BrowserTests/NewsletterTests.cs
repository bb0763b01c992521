using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// /lettre in a browser without JavaScript: subscribing, the e-mailed link and its button, then the one-click
/// unsubscribe page (its GET changes nothing). The same pages are checked by axe, with script, in light and dark.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class NewsletterTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Without_javascript_a_visitor_subscribes_confirms_by_the_button_and_unsubscribes_in_one_click()
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 } });
        var page = watched.Page;
        var email = $"lectrice-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync("/lettre");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("La lettre d'information");
        await Expect(page.Locator("main")).ToContainTextAsync("En m'abonnant, j'accepte de recevoir par e-mail la lettre d'information de Contrevue");
        await page.GetByLabel("Votre adresse e-mail").FillAsync(email);
        await page.GetByLabel("La lettre d'un département").SelectOptionAsync("42");
        await page.GetByLabel("Le droit : recours, délais, décisions").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'abonne" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/lettre\?envoye=true$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Vérifiez votre boîte mail");

        var subscriber = (await SubscriberAsync(email))!;
        Assert.Equal(SubscriberStatus.Unconfirmed, subscriber.Status);
        Assert.Equal(["departement:42", "national"], subscriber.Subscriptions.Select(s => s.ListCode).Order());

        // Opening the link (as a mail scanner would) confirms nothing; the button does.
        await page.GotoAsync(new Uri(await LinkSentToAsync(email)).PathAndQuery);
        await Expect(page.Locator("main")).ToContainTextAsync("Loire");
        Assert.Equal(SubscriberStatus.Unconfirmed, (await SubscriberAsync(email))!.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme mon abonnement" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("C'est confirmé");
        Assert.Equal(SubscriberStatus.Confirmed, (await SubscriberAsync(email))!.Status);

        // The unsubscribe link of a letter: a page with a button, then one click.
        await page.GotoAsync(UnsubscribePath(subscriber.Id));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Me désabonner" })).ToBeVisibleAsync();
        Assert.Equal(SubscriberStatus.Confirmed, (await SubscriberAsync(email))!.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Me désabonner" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("vous êtes désabonné(e) de toutes les lettres");
        Assert.Equal(SubscriberStatus.Unsubscribed, (await SubscriberAsync(email))!.Status);
        watched.AssertNoRequestLeftTheOrigin();
    }

    /// <summary>axe needs script in the page: the same states, with JavaScript, in light and dark.</summary>
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_form_its_errors_the_notice_the_confirmation_the_preferences_and_the_unsubscribe_page_are_accessible(string scheme)
    {
        await using var watched = await fixture.OpenAsync(new()
        {
            ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = watched.Page;
        var email = $"accessible-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync("/lettre");
        await AssertAccessibleAsync(watched, "the newsletter page");
        await page.GetByLabel("Votre adresse e-mail").FillAsync("pas-une-adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'abonne" }).ClickAsync();
        await Expect(page.Locator("#courriel-erreur")).ToContainTextAsync("Indiquez une adresse e-mail valide", new() { Timeout = 30_000 });
        await AssertAccessibleAsync(watched, "the form with its errors");

        await page.GetByLabel("Votre adresse e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'abonne" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Vérifiez votre boîte mail", new() { Timeout = 30_000 });
        await AssertAccessibleAsync(watched, "the « check your mailbox » notice");

        await page.GotoAsync(new Uri(await LinkSentToAsync(email)).PathAndQuery);
        await AssertAccessibleAsync(watched, "the confirmation page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme mon abonnement" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("C'est confirmé");
        await AssertAccessibleAsync(watched, "the confirmed page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Choisir mes lettres et mes sujets, ou me désabonner" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Journal du consentement");
        await AssertAccessibleAsync(watched, "the preferences page and its consent log");

        await page.GotoAsync(UnsubscribePath((await SubscriberAsync(email))!.Id));
        await AssertAccessibleAsync(watched, "the unsubscribe page");
        watched.AssertNoRequestLeftTheOrigin();
    }

    private string UnsubscribePath(int subscriberId)
    {
        var links = fixture.Services.GetRequiredService<NewsletterLinks>();
        return new Uri(NewsletterLinks.UnsubscribeUrl("http://localhost", links.SubscriberToken(subscriberId), 7)).PathAndQuery;
    }

    private static async Task AssertAccessibleAsync(WatchedPage watched, string what)
    {
        var blocking = (await Axe.RunAsync(watched.Page)).Violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {Axe.Describe(blocking)}");
    }

    /// <summary>The confirmation link of the message queued to the address (no SMTP server here: the outbox holds it).</summary>
    private async Task<string> LinkSentToAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var body = await db.OutboxMessages.Where(m => m.Recipient == email).OrderBy(m => m.Id).Select(m => m.TextBody).FirstAsync();
        var match = ConfirmLink().Match(body);
        Assert.True(match.Success, body);
        return match.Value;
    }

    private async Task<Subscriber?> SubscriberAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<Subscriber>().AsNoTracking()
            .Include(s => s.Subscriptions).SingleOrDefaultAsync(s => s.Email == email);
    }

    [GeneratedRegex(@"https?://\S+/lettre/confirmer\?jeton=[A-Za-z0-9_%-]+")]
    private static partial Regex ConfirmLink();
}
