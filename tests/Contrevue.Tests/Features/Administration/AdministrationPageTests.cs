using Contrevue.Infrastructure.Security;
using System.Net;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Mail;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Administration;

[Collection(AppsCollection.Name)]
public sealed class AdministrationPageTests(TestApps apps)
{
    private const string MailNotConfigured = "Les courriels ne partent pas : la messagerie n'est pas configurée.";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_sees_that_mail_is_off_how_to_turn_it_on_the_outbox_and_the_territory_data(DatabaseProvider provider)
    {
        // A database of its own, so that the outbox counts are exactly this test's.
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await AddOutboxAsync(app,
            (OutboxStatus.Pending, null), (OutboxStatus.Pending, null), (OutboxStatus.Sending, null),
            (OutboxStatus.Failed, null),
            (OutboxStatus.Sent, now.AddHours(-1)), (OutboxStatus.Sent, now.AddDays(-3)), (OutboxStatus.Sent, now.AddDays(-6)),
            (OutboxStatus.Sent, now.AddDays(-8)));
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);

        var response = await admin.Client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = HtmlText.Visible(html);
        Assert.Contains("La messagerie n'est pas configurée", page);
        Assert.Contains("Mail:Host", page);
        Assert.Contains("Mail:From", page);
        Assert.Contains("Mail__Host", page);
        Assert.Contains("En attente d'envoi 3", page);
        Assert.Contains("En échec (abandonnés) 1", page);
        Assert.Contains("Envoyés ces 7 derniers jours 3", page);
        Assert.Contains("Origine fournies avec l'application", page);
        Assert.Contains("Communes 34 9", page);
        Assert.Contains("href=\"/moderation\"", html);
        Assert.Contains("href=\"/admin/journal\"", html);

        var queue = HtmlText.Visible(await admin.Client.GetStringAsync("/moderation"));
        Assert.Contains(MailNotConfigured, queue);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task With_mail_configured_the_admin_sees_the_server_and_sender_but_never_the_password_and_moderation_has_no_notice(DatabaseProvider provider)
    {
        // Its own database: a configured sender must not try to deliver other tests' messages.
        const string password = "mot-de-passe-smtp-secret";
        var settings = MailTestSupport.Settings(2525);
        settings["Mail:UserName"] = "contrevue-smtp";
        settings["Mail:Password"] = password;
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), settings);
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);

        var html = await admin.Client.GetStringAsync("/admin");
        var page = HtmlText.Visible(html);
        Assert.Contains("La messagerie est configurée", page);
        Assert.Contains("127.0.0.1:2525", page);
        Assert.Contains(MailTestSupport.From, page);
        Assert.DoesNotContain("n'est pas configurée", page);
        Assert.DoesNotContain(password, html);

        var queue = HtmlText.Visible(await admin.Client.GetStringAsync("/moderation"));
        Assert.Contains("File de modération", queue);
        Assert.DoesNotContain(MailNotConfigured, queue);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_admin_page_refuses_moderators_and_sends_visitors_to_sign_in(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);

        var refused = await moderator.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/acces-refuse", PathOf(refused));
        // The moderator does reach their own page: the refusal is about the role, not the session.
        Assert.Equal(HttpStatusCode.OK, (await moderator.Client.GetAsync("/moderation")).StatusCode);

        var anonymous = await app.CreateBrowserlessClient().GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/connexion", PathOf(anonymous));
    }

    private static string? PathOf(HttpResponseMessage redirect) =>
        redirect.Headers.Location is { } location && location.IsAbsoluteUri ? location.AbsolutePath : redirect.Headers.Location?.OriginalString.Split('?')[0];

    private static async Task AddOutboxAsync(AppFactory app, params (OutboxStatus Status, DateTime? SentAt)[] messages)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        foreach (var (status, sentAt) in messages)
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Recipient = MailTestSupport.NewRecipient("admin"), Subject = "Test", TextBody = "Test", HtmlBody = "<p>Test</p>",
                CreatedAt = now.AddDays(-10), NextAttemptAt = now, Status = status, SentAt = sentAt,
            });
        }
        await db.SaveChangesAsync();
    }
}
