using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Audit;
using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PasskeyTests(BrowserFixture fixture)
{
    private const string Password = "une phrase de passe assez longue";

    [Fact]
    public async Task A_member_adds_a_passkey_signs_in_with_it_alone_then_removes_it()
    {
        var email = $"cle-{Guid.NewGuid():N}@contrevue.test";
        string userId;
        using (var scope = fixture.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync(email, Password, Roles.Member);
            userId = created.User!.Id;
        }

        // WebAuthn refuses 127.0.0.1 as relying party ID: the page is served as localhost.
        await using var watched = await fixture.OpenAsync(origin: fixture.LocalhostOrigin);
        var page = watched.Page;
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await devtools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
            },
        });

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/compte$"));

        await page.GetByLabel("Nom de la nouvelle clé (facultatif)").FillAsync("Ordinateur de test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une clé d'accès" }).ClickAsync();
        var passkeys = page.GetByRole(AriaRole.Region, new() { Name = "Clés d'accès (passkeys)" });
        await Expect(passkeys.GetByRole(AriaRole.Cell, new() { Name = "Ordinateur de test", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(":[0-9]+/$"));
        await page.GotoAsync("/compte");
        await Expect(page).ToHaveURLAsync(new Regex("/connexion"));

        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec une clé d'accès" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/compte$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mon compte");

        await passkeys.GetByRole(AriaRole.Button, new() { Name = "Retirer « Ordinateur de test »" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Clé d'accès retirée.");
        await Expect(passkeys.GetByText("Aucune clé d'accès.")).ToBeVisibleAsync();

        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();

        // The authenticator still holds the credential, but the server no longer knows it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(":[0-9]+/$"));
        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec une clé d'accès" }).ClickAsync();
        await Expect(page.GetByText("La connexion par clé d'accès n'a pas abouti (opération annulée ou clé inconnue).")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/connexion$"));

        using (var scope = fixture.Services.CreateScope())
        {
            var actions = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<AuditEntry>()
                .Where(e => e.ActorUserId == userId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
            Assert.Equal(["passkey.add", "passkey.remove"], actions.Where(a => a.StartsWith("passkey.", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Without_JavaScript_the_passkey_controls_stay_hidden_and_the_password_form_remains()
    {
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false });
        var page = watched.Page;
        await page.GotoAsync("/connexion");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec une clé d'accès" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true })).ToBeVisibleAsync();
    }
}
