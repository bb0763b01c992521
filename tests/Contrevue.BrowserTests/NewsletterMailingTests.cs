using System.Security.Claims;
using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Accounts;
using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Mailings;
using Contrevue.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>The organisers' newsletter pages in Chromium: accessible in both colour schemes, and a mailing composed and scheduled without JavaScript.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NewsletterMailingTests(BrowserFixture fixture)
{
    private const string Password = "une phrase de passe assez longue";
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static World? _world;

    /// <summary>A member of a collective whose list is open with one confirmed subscriber, signed in once; a draft and a scheduled mailing.</summary>
    private sealed record World(string State, string CollectiveName, int Draft, int Scheduled);

    private async Task<World> WorldAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_world is not null)
            {
                return _world;
            }
            var email = $"membre-lettre-{Guid.NewGuid():N}@contrevue.test";
            var name = $"Collectif {Guid.NewGuid():N}"[..30];
            int draft, scheduled;
            using (var scope = fixture.Services.CreateScope())
            {
                var member = (await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, Password, Roles.Member)).User!;
                var db = scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>();
                var collective = new Contrevue.Features.Collectives.Collective { Name = name, CreatedAt = DateTime.UnixEpoch };
                db.Add(collective);
                await db.SaveChangesAsync();
                var list = NewsletterList.Collective(collective.Id).Code;
                db.Add(new Contrevue.Features.Collectives.CollectiveMember { CollectiveId = collective.Id, UserId = member.Id, JoinedAt = DateTime.UnixEpoch });
                db.Add(new CollectiveNewsletter { CollectiveId = collective.Id, OpenedAt = DateTime.UnixEpoch });
                db.Add(new Subscriber
                {
                    Email = $"abonne-{Guid.NewGuid():N}@example.org", Status = SubscriberStatus.Confirmed, CreatedAt = DateTime.UnixEpoch,
                    Subscriptions = [new NewsletterSubscription { ListCode = list, SubscribedAt = DateTime.UnixEpoch }],
                });
                await db.SaveChangesAsync();
                var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, member.Id), new Claim(ClaimTypes.Role, Roles.Member)], "test"));
                var mailings = scope.ServiceProvider.GetRequiredService<MailingService>();
                var input = new MailingInput("Lettre de novembre", "## Les nouvelles\n\nLa mairie a **renoncé**. [Le compte rendu](https://example.org/cr)\n\n- un\n- deux", [list], ["events"]);
                draft = Assert.IsType<MailingChange.Done>(await mailings.CreateAsync(user, input, default)).Mailing.Id;
                scheduled = Assert.IsType<MailingChange.Done>(await mailings.CreateAsync(user, input with { Subject = "Lettre programmée", Topics = [] }, default)).Mailing.Id;
                Assert.IsType<MailingChange.Done>(await mailings.ScheduleAsync(user, scheduled, new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.FromHours(1)), default));
            }
            await using var watched = await fixture.OpenAsync();
            var page = watched.Page;
            await page.GotoAsync("/connexion");
            await page.GetByLabel("Adresse e-mail").FillAsync(email);
            await page.GetByLabel("Mot de passe").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new Regex("/connexion"));
            _world = new World(await page.Context.StorageStateAsync(), name, draft, scheduled);
            return _world;
        }
        finally
        {
            Seeding.Release();
        }
    }

    public static TheoryData<string, ColorScheme> Pages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            foreach (var path in new[] { "/envois", "/envois/nouveau", "/envois/nouveau?depart=hebdomadaire", "/envois/{draft}", "/envois/{draft}/modifier", "/envois/{scheduled}" })
            {
                data.Add(path, scheme);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Mailing_pages_have_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        var world = await WorldAsync();
        path = path.Replace("{draft}", world.Draft.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{scheduled}", world.Scheduled.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme, StorageState = world.State });
        var response = await watched.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await watched.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var results = await Axe.RunAsync(watched.Page);
        Assert.True(results.PassedRules > 0, $"axe checked nothing on {path}.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {path} ({scheme}):\n{Axe.Describe(blocking)}");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task Without_javascript_an_organiser_composes_schedules_at_a_paris_time_pauses_and_resumes()
    {
        var world = await WorldAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, StorageState = world.State });
        var page = watched.Page;
        await page.GotoAsync("/envois");
        await page.GetByRole(AriaRole.Link, new() { Name = "Écrire une lettre" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/envois/nouveau$"));
        await page.GetByLabel("Objet", new() { Exact = true }).FillAsync("Réunion publique jeudi");
        await page.GetByLabel(new Regex("^Texte \\(Markdown")).FillAsync("Rendez-vous à la **salle des fêtes**, jeudi à 18 h.");
        await page.GetByLabel(world.CollectiveName, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le brouillon" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/envois/[0-9]+$"));
        await Expect(page.Locator("main article strong")).ToHaveTextAsync("salle des fêtes");
        await Expect(page.Locator("#etat")).ToHaveTextAsync("Brouillon");

        await page.GetByLabel("À une date (heure de Paris)").CheckAsync();
        await page.GetByLabel("Jour et heure du départ").FillAsync("2026-12-10T09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Programmer", Exact = true }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("La lettre est programmée");
        await Expect(page.Locator("main")).ToContainTextAsync("10/12/2026 09:00");
        await Expect(page.Locator("#audience")).ToHaveTextAsync("1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Mettre en pause" }).ClickAsync();
        await Expect(page.Locator("#etat")).ToHaveTextAsync("En pause");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reprendre l'envoi" }).ClickAsync();
        await Expect(page.Locator("#etat")).ToHaveTextAsync("Programmée");
        watched.AssertNoRequestLeftTheOrigin();
    }
}
