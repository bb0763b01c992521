using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// The visitor's way to the collective next door, in Chromium without JavaScript: from the commune page to
/// the collective's profile, then a message through the relay, without any member's address on the way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CollectivesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task From_the_commune_page_a_visitor_finds_the_collective_and_writes_to_it_without_javascript()
    {
        var name = $"Collectif de Firminy {Guid.NewGuid():N}"[..29];
        string memberEmail;
        using (var scope = fixture.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<CollectiveService>().CreateAsync("browser-tests",
                new CollectiveInput(name, "Nous informons les habitants de Firminy.", ["42095"], [new("Site", "https://firminy.example.org/")], Listed: true), default);
            var collective = Assert.IsType<CollectiveChange.Saved>(created).Collective;
            var member = await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Accounts.AccountAdministration>()
                .CreateAsync($"membre-{Guid.NewGuid():N}@contrevue.test", "une phrase de passe assez longue", Contrevue.Infrastructure.Security.Roles.Member);
            memberEmail = member.User!.Email!;
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = member.User.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;
        await page.GotoAsync("/communes/42095");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Collectifs locaux" });
        await panel.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Site" })).ToHaveAttributeAsync("href", "https://firminy.example.org/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Écrire au collectif" }).ClickAsync();
        // Sent empty: the error is next to the field, and the page is kept.
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Expect(page.GetByText("Écrivez votre message.")).ToBeVisibleAsync();
        await page.GetByLabel("Votre message").FillAsync("Bonjour, je voudrais tracter avec vous samedi.");
        await page.GetByLabel("Votre adresse e-mail (facultatif)").FillAsync("lectrice@example.org");
        await page.GetByLabel("Transmettre mon adresse au collectif pour qu'il puisse me répondre").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre message est parti." })).ToBeVisibleAsync();
        Assert.DoesNotContain(memberEmail, await page.ContentAsync());
        // Axe needs JavaScript: these pages are checked with it, in both schemes, by PublicPagesTests.
        watched.AssertNoRequestLeftTheOrigin();
    }
}
