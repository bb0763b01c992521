using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Events;
using Contrevue.Features.Events.Rsvps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// « Je participe » in a browser without JavaScript: from the agenda to the event, the form with its errors
/// beside the fields and nothing typed lost, then the e-mailed link and its button (a link scanner following
/// the link confirms nothing). The same states are checked by axe, with script, in light and dark.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RsvpJourneyTests(BrowserFixture fixture)
{
    private const string Secret = "salle-du-navigateur-91c2";

    [Fact]
    public async Task Without_javascript_a_visitor_finds_a_meeting_in_the_agenda_takes_part_and_confirms_by_the_e_mailed_link()
    {
        var (title, path) = await MeetingAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 } });
        var page = watched.Page;
        var email = $"participante-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync("/agenda");
        await page.GetByLabel("Département").SelectOptionAsync("42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator("main")).Not.ToContainTextAsync(Secret);

        await page.GetByRole(AriaRole.Link, new() { Name = "Je participe" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "/participer$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Participer à « {title} »");

        // A bad address: a French error beside the field, and the name typed is still there.
        await page.GetByLabel("Nom ou pseudonyme (facultatif)").FillAsync("Dominique");
        await page.GetByLabel("Adresse électronique").FillAsync("pas-une-adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien de confirmation" }).ClickAsync();
        await Expect(page.Locator("#participant-email-erreur")).ToContainTextAsync("Indiquez une adresse électronique valide");
        await Expect(page.GetByLabel("Adresse électronique")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Nom ou pseudonyme (facultatif)")).ToHaveValueAsync("Dominique");
        await Expect(page.GetByLabel("Adresse électronique")).ToHaveValueAsync("pas-une-adresse");

        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien de confirmation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + @"/participer\?demande=true$"));
        await Expect(page.Locator("main")).ToContainTextAsync("Un lien de confirmation vient d'être envoyé");

        // Opening the link (as a mail scanner would) confirms nothing; the button does.
        var link = await LinkSentToAsync(email);
        await page.GotoAsync(new Uri(link).PathAndQuery);
        Assert.Equal(RsvpStatus.Pending, (await RowAsync(email))!.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme ma participation" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Votre participation est confirmée");

        var row = (await RowAsync(email))!;
        Assert.Equal((RsvpStatus.Confirmed, "Dominique"), (row.Status, row.Name));
        Assert.NotNull(row.ConfirmedAt);
        // The welcome message carries the link; no page ever showed it.
        Assert.Contains(Secret, await LastBodyToAsync(email));
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrorsBut400sOf(path + "/participer");
    }

    /// <summary>axe needs script in the page: the same states, with JavaScript, in light and dark.</summary>
    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task The_event_the_form_with_its_errors_the_notice_and_the_confirmation_are_accessible(string scheme)
    {
        var (_, path) = await MeetingAsync();
        await using var watched = await fixture.OpenAsync(new()
        {
            ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            ViewportSize = new() { Width = 390, Height = 844 },
        });
        var page = watched.Page;
        var email = $"accessible-{Guid.NewGuid():N}@example.org";

        await page.GotoAsync(path);
        await AssertAccessibleAsync(watched, "the event page");
        await page.GotoAsync(path + "/participer");
        await page.GetByLabel("Adresse électronique").FillAsync("pas-une-adresse");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien de confirmation" }).ClickAsync();
        await Expect(page.Locator("#participant-email-erreur")).ToContainTextAsync("Indiquez une adresse électronique valide", new() { Timeout = 30_000 });
        await AssertAccessibleAsync(watched, "the form with its errors");

        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le lien de confirmation" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Un lien de confirmation vient d'être envoyé", new() { Timeout = 30_000 });
        await AssertAccessibleAsync(watched, "the « check your mailbox » notice");

        await page.GotoAsync(new Uri(await LinkSentToAsync(email)).PathAndQuery);
        await AssertAccessibleAsync(watched, "the confirmation page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme ma participation" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Votre participation est confirmée");
        await AssertAccessibleAsync(watched, "the confirmed page");
        watched.AssertNoRequestLeftTheOrigin();
    }

    /// <summary>A listed Loire collective's meeting in a week, at the Bourse du travail and online: its title and page path.</summary>
    private async Task<(string Title, string Path)> MeetingAsync()
    {
        var title = $"Débat VSA {Guid.NewGuid():N}"[..20];
        using var scope = fixture.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<CollectiveService>().CreateAsync("browser-tests",
            new CollectiveInput($"Collectif forézien {Guid.NewGuid():N}"[..28], null, ["departement:42"], null, Listed: true), default);
        var collective = Assert.IsType<CollectiveChange.Saved>(created).Collective;
        var member = await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Accounts.AccountAdministration>()
            .CreateAsync($"membre-{Guid.NewGuid():N}@contrevue.test", "une phrase de passe assez longue", Contrevue.Infrastructure.Security.Roles.Member);
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = member.User!.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        var organiser = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, member.User.Id)], "tests"));
        var day = TimeProvider.System.GetUtcNow().AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var meeting = await scope.ServiceProvider.GetRequiredService<EventService>().CreateAsync(organiser,
            new EventInput(title, "debate", collective.Id, $"{day}T19:00", $"{day}T21:00", null, null, true, $"https://visio.example.org/{Secret}",
                new("Bourse du travail, cours Victor-Hugo", "42218"), "42218", "Un débat sur la **vidéosurveillance algorithmique**.", 80, false), default);
        return (title, Assert.IsType<EventChange.Done>(meeting).Event.PagePath);
    }

    private static async Task AssertAccessibleAsync(WatchedPage watched, string what)
    {
        var blocking = (await Axe.RunAsync(watched.Page)).Violations.Where(v => v.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"{what}: {Axe.Describe(blocking)}");
    }

    /// <summary>The confirmation link of the message queued to the address (no SMTP server here: the outbox holds it).</summary>
    private async Task<string> LinkSentToAsync(string email)
    {
        var body = await FirstBodyToAsync(email);
        var match = ConfirmLink().Match(body);
        Assert.True(match.Success, body);
        return match.Value;
    }

    private async Task<string> FirstBodyToAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.OutboxMessages.Where(m => m.Recipient == email).OrderBy(m => m.Id).Select(m => m.TextBody).FirstAsync();
    }

    private async Task<string> LastBodyToAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return string.Join("\n", await db.OutboxMessages.Where(m => m.Recipient == email).OrderBy(m => m.Id).Select(m => m.TextBody).ToListAsync());
    }

    private async Task<EventRsvp?> RowAsync(string email)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<EventRsvp>().AsNoTracking().SingleOrDefaultAsync(r => r.Email == email);
    }

    [GeneratedRegex(@"https?://\S+/agenda/participer\?jeton=[A-Za-z0-9_-]+")]
    private static partial Regex ConfirmLink();
}
