using Contrevue.Infrastructure.Security;
using System.Net;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Accounts;

/// <summary>Accounts by invitation only, collectives, and password reset, with mail through a real SMTP server.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class InvitationTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const string Password = TestAccounts.Password;

    private async Task<AppFactory> AppAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);

    private async Task<string> LinkFromMailAsync(string recipient, int count, string subjectPart)
    {
        await Eventually.TrueAsync(() => Task.FromResult(smtp.Server.MessagesTo(recipient).Count >= count), $"mail {count} to {recipient}");
        var message = smtp.Server.MessagesTo(recipient).Last(m => (m.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal));
        var link = Link().Match(message.TextBody ?? "").Value;
        Assert.NotEmpty(link);
        return new Uri(link).PathAndQuery;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Collective_member_invited_by_an_admin_invites_another_member_by_email(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        string adminId;
        int collectiveId;
        using (var scope = app.Services.CreateScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().CreateAsync($"admin-{Guid.NewGuid():N}@contrevue.test", Password, Roles.Admin);
            adminId = admin.User!.Id;
            var (collective, errors) = await scope.ServiceProvider.GetRequiredService<CollectiveService>()
                .CreateAsync(adminId, $"Technopolice Loire {Guid.NewGuid():N}"[..30], "Collectif local", "42218, departement:42, region:xx", default);
            Assert.Null(collective);
            Assert.Equal(["Territoire inconnu : region:xx."], errors);
            (collective, errors) = await scope.ServiceProvider.GetRequiredService<CollectiveService>()
                .CreateAsync(adminId, $"Technopolice Loire {Guid.NewGuid():N}"[..30], "Collectif local", "42218, departement:42", default);
            Assert.Empty(errors);
            collectiveId = collective!.Id;
        }
        var first = MailTestSupport.NewRecipient("premiere");
        using (var scope = app.Services.CreateScope())
        {
            var invitations = scope.ServiceProvider.GetRequiredService<InvitationService>();
            Assert.Empty(await invitations.InviteAsync(adminId, true, first, Roles.Member, collectiveId, "http://localhost", default));
            Assert.Contains("Adresse e-mail invalide.", await invitations.InviteAsync(adminId, true, "pas-une-adresse", Roles.Member, collectiveId, "http://localhost", default));
        }

        // The first member follows the link from the mail and chooses a password.
        var invitationPath = await LinkFromMailAsync(first, 1, "invitation");
        var firstSession = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var tooShort = await firstSession.SubmitAsync(invitationPath, new Dictionary<string, string> { ["jeton"] = Token(invitationPath), ["Password"] = "court", ["Confirmation"] = "court" });
        Assert.Contains("au moins 15 caractères", HtmlText.Visible(await tooShort.Content.ReadAsStringAsync()));
        var accepted = await firstSession.SubmitAsync(invitationPath, new Dictionary<string, string> { ["jeton"] = Token(invitationPath), ["Password"] = Password, ["Confirmation"] = Password });
        Assert.Equal("/compte", accepted.Headers.Location?.OriginalString);
        var account = HtmlText.Visible(await firstSession.Client.GetStringAsync("/compte"));
        Assert.Contains("Technopolice Loire", account);

        // Used once: the same link no longer works.
        var reused = await app.CreateBrowserlessClient().GetStringAsync(invitationPath);
        Assert.Contains("n'est pas ou plus valable", HtmlText.Visible(reused));

        // The member invites a second member into the collective, but cannot invite a moderator.
        var second = MailTestSupport.NewRecipient("second");
        var invited = await firstSession.SubmitAsync($"/collectifs/{collectiveId}", new Dictionary<string, string> { ["Email"] = second }, $"/collectifs/{collectiveId}?handler=Invite");
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var secondPath = await LinkFromMailAsync(second, 1, "rejoindre");
        var secondSession = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        await secondSession.SubmitAsync(secondPath, new Dictionary<string, string> { ["jeton"] = Token(secondPath), ["Password"] = Password, ["Confirmation"] = Password });
        var collectivePage = HtmlText.Visible(await secondSession.Client.GetStringAsync($"/collectifs/{collectiveId}"));
        Assert.Contains(first, collectivePage);
        Assert.Contains(second, collectivePage);
        // The territories covered, by name.
        Assert.Contains("Saint-Étienne (42218)", collectivePage);
        Assert.Contains("Loire (departement:42)", collectivePage);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ContrevueUser>>();
            var firstUser = await users.FindByEmailAsync(first);
            Assert.Equal([Roles.Member], await users.GetRolesAsync(firstUser!));
            var escalation = await scope.ServiceProvider.GetRequiredService<InvitationService>()
                .InviteAsync(firstUser!.Id, false, MailTestSupport.NewRecipient("x"), Roles.Moderator, collectiveId, "http://localhost", default);
            Assert.Contains("Seule l'administration peut inviter des modérateurs ou des administrateurs.", escalation);
            var elsewhere = await scope.ServiceProvider.GetRequiredService<InvitationService>()
                .InviteAsync(firstUser.Id, false, MailTestSupport.NewRecipient("y"), Roles.Member, null, "http://localhost", default);
            Assert.Contains("Vous ne pouvez inviter que dans un collectif dont vous êtes membre.", elsewhere);
        }

        // Someone outside the collective cannot see it; no one can register without an invitation.
        var (outsider, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var outsiderSession = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        await outsiderSession.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = outsider.Email!, ["Input.Password"] = Password });
        Assert.Contains("/acces-refuse", (await outsiderSession.Client.GetAsync($"/collectifs/{collectiveId}")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync("/inscription")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_forgotten_password_is_replaced_through_the_emailed_link_without_revealing_accounts(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (user, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var client = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var unknown = await client.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = MailTestSupport.NewRecipient("inconnu") });
        var known = await client.SubmitAsync("/mot-de-passe-oublie", new Dictionary<string, string> { ["Email"] = user.Email! });
        // Same answer whether the account exists or not.
        Assert.Equal(HtmlText.Visible(await unknown.Content.ReadAsStringAsync()), HtmlText.Visible(await known.Content.ReadAsStringAsync()));

        var resetPath = await LinkFromMailAsync(user.Email!, 1, "nouveau mot de passe");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + resetPath).Query);
        const string newPassword = "un tout autre mot de passe bien long";
        var reset = await client.SubmitAsync(resetPath, new Dictionary<string, string> { ["email"] = query["email"]!, ["jeton"] = query["jeton"]!, ["Password"] = newPassword });
        Assert.Contains("C'est fait", HtmlText.Visible(await reset.Content.ReadAsStringAsync()));
        var again = await client.SubmitAsync(resetPath, new Dictionary<string, string> { ["email"] = query["email"]!, ["jeton"] = query["jeton"]!, ["Password"] = "encore un autre mot de passe long" });
        Assert.Contains("n'est plus valable", HtmlText.Visible(await again.Content.ReadAsStringAsync()));

        var signedIn = await client.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = newPassword });
        Assert.Equal("/compte", signedIn.Headers.Location?.OriginalString);
    }

    private static string Token(string path) => path.Split("jeton=")[1];

    [GeneratedRegex(@"http://\S+")]
    private static partial Regex Link();
}
