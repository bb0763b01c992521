using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Mobilisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>« Rejoindre la mobilisation » in a browser without JavaScript: errors beside their fields, nothing lost, then the e-mailed link confirms.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MobilisationTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Without_javascript_a_visitor_signs_up_and_confirms_by_the_e_mailed_link()
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 } });
        var page = watched.Page;
        var email = $"militante-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Je rejoins la mobilisation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/rejoindre$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Rejoindre la mobilisation");

        // A bad address and an ambiguous name: both come back with French errors, and nothing typed is lost.
        await page.GetByLabel("Votre adresse e-mail").FillAsync("pas-une-adresse");
        await page.GetByLabel("Votre commune").FillAsync("Saint-Étienne");
        await page.GetByLabel("Votre collectif (facultatif)").FillAsync("Collectif stéphanois");
        await page.GetByLabel("Coller des affiches").CheckAsync();
        await page.GetByLabel("Tracter").CheckAsync();
        await page.GetByLabel("Un message (facultatif)").FillAsync("Disponible le samedi matin.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je rejoins la mobilisation" }).ClickAsync();

        await Expect(page.Locator("main")).ToContainTextAsync("Indiquez une adresse e-mail valide");
        await Expect(page.GetByLabel("Votre adresse e-mail")).ToHaveValueAsync("pas-une-adresse");
        await Expect(page.GetByLabel("Votre collectif (facultatif)")).ToHaveValueAsync("Collectif stéphanois");
        await Expect(page.GetByLabel("Coller des affiches")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Tracter")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Un message (facultatif)")).ToHaveValueAsync("Disponible le samedi matin.");

        await page.GetByLabel("Votre adresse e-mail").FillAsync(email);
        // The name may have been taken as is, or offered among candidates: choose Saint-Étienne of the Loire either way.
        var candidate = page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Saint-Étienne Loire") });
        if (await candidate.CountAsync() > 0)
        {
            await candidate.First.CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Je rejoins la mobilisation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/rejoindre\?envoye=true$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Vérifiez votre boîte mail");

        var link = await LinkSentToAsync(email);
        await page.GotoAsync(new Uri(link).PathAndQuery);
        Assert.Null((await RowAsync(email))!.ConfirmedAt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme mon inscription" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("C'est confirmé");

        var row = (await RowAsync(email))!;
        Assert.NotNull(row.ConfirmedAt);
        Assert.Equal(("42218", "postering,leafleting", "Collectif stéphanois"), (row.TerritoryCode, row.HelpWith, row.CollectiveName));
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    /// <summary>axe needs script in the page: the same states, with JavaScript, in light and dark.</summary>
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_form_with_its_errors_the_notice_and_the_confirmation_are_accessible(string scheme)
    {
        await using var watched = await fixture.OpenAsync(new()
        {
            ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = watched.Page;
        var email = $"accessible-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync("/rejoindre");
        await page.GetByLabel("Votre adresse e-mail").FillAsync("pas-une-adresse");
        await page.GetByLabel("Votre commune").FillAsync("42218");
        await page.GetByLabel("Tracter").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Je rejoins la mobilisation" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Indiquez une adresse e-mail valide", new() { Timeout = 30_000 });
        await AssertAccessibleAsync(watched, "the form with its errors");

        await page.GetByLabel("Votre adresse e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Je rejoins la mobilisation" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Vérifiez votre boîte mail", new() { Timeout = 30_000 });
        await AssertAccessibleAsync(watched, "the « check your mailbox » notice");

        await page.GotoAsync(new Uri(await LinkSentToAsync(email)).PathAndQuery);
        await AssertAccessibleAsync(watched, "the confirmation page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme mon inscription" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("C'est confirmé");
        await AssertAccessibleAsync(watched, "the confirmed page");
        watched.AssertNoRequestLeftTheOrigin();
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
        var body = await db.OutboxMessages.Where(m => m.Recipient == email).Select(m => m.TextBody).SingleAsync();
        var match = ConfirmLink().Match(body);
        Assert.True(match.Success, body);
        return match.Value;
    }

    private async Task<SignUp?> RowAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<SignUp>().AsNoTracking().SingleOrDefaultAsync(s => s.Email == email);
    }

    [GeneratedRegex(@"https?://\S+/rejoindre/confirmer\?jeton=[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}
