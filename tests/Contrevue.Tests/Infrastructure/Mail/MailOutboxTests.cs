using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Contrevue.Tests.Infrastructure.Mail.MailTestSupport;

namespace Contrevue.Tests.Infrastructure.Mail;

public sealed class MailOutboxTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private SmtpTestServer Server => smtp.Server;

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_enqueued_message_arrives_in_french_with_text_and_html_parts(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), Settings(Server.Port));
        var recipient = NewRecipient("accueil");

        var id = await EnqueueAsync(app.Services, recipient);

        var received = Assert.Single(await Server.WaitForAsync(recipient));
        var row = await RowAsync(app.Services, id);
        Assert.Equal("Contrevue : test de configuration des courriels", received.Subject);
        var from = Assert.Single(received.From.Mailboxes);
        Assert.Equal((From, "Contrevue"), (from.Address, from.Name));
        Assert.Equal(row.MessageIdFor("contrevue.test"), received.MessageId);
        Assert.StartsWith($"outbox-{id}.", received.MessageId);
        Assert.Contains("Ce message confirme que Contrevue peut envoyer des courriels", received.TextBody);
        Assert.Contains("<h1", received.HtmlBody);
        Assert.Contains("lang=\"fr\"", received.HtmlBody);
        Assert.Contains("Ce message confirme que Contrevue peut envoyer des courriels", received.HtmlBody);
        Assert.Equal("auto-generated", received.Headers["Auto-Submitted"]);

        await Eventually.TrueAsync(async () => (await RowAsync(app.Services, id)).Status == OutboxStatus.Sent, "the row marked sent");
        row = await RowAsync(app.Services, id);
        Assert.Equal(1, row.AttemptCount);
        Assert.NotNull(row.SentAt);
        Assert.Null(row.LastError);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(recipient, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_message_rolled_back_with_its_transaction_is_never_sent(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), Settings(Server.Port));
        var rolledBack = NewRecipient("annule");
        var committed = NewRecipient("valide");

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<IMailOutbox>()
                .Enqueue(rolledBack, MailTemplates.ConfigurationTest(TimeProvider.System.GetUtcNow(), "smtp.test"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await EnqueueAsync(app.Services, committed);

        // The sender sends in order of due time: once the later message arrived, the earlier one would have.
        await Server.WaitForAsync(committed);
        Assert.Empty(Server.MessagesTo(rolledBack));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Nothing_is_sent_when_mail_is_not_configured(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var recipient = NewRecipient("sans-serveur");

        var id = await EnqueueAsync(app.Services, recipient);

        Assert.False(app.Services.GetRequiredService<MailSettings>().IsConfigured);
        var sender = app.Services.GetServices<IHostedService>().OfType<MailSender>().Single();
        await Eventually.TrueAsync(() => Task.FromResult(sender.ExecuteTask?.IsCompleted == true), "the sender to stand down");
        Assert.Contains(app.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal)
            && line.Contains("Mail:Host and Mail:From are not configured", StringComparison.Ordinal));
        Assert.Equal(OutboxStatus.Pending, (await RowAsync(app.Services, id)).Status);
        Assert.Empty(Server.MessagesTo(recipient));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task While_the_server_is_down_the_message_is_retried_with_backoff_then_delivered(DatabaseProvider provider)
    {
        await using var laterServer = new SmtpTestServer();
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), Settings(laterServer.Port));
        var recipient = NewRecipient("patience");

        var id = await EnqueueAsync(app.Services, recipient);

        // Claiming counts the attempt; the failure puts the message back to pending.
        await Eventually.TrueAsync(async () => (await RowAsync(app.Services, id)) is { AttemptCount: >= 1, Status: OutboxStatus.Pending },
            "a first failed attempt");
        var first = await RowAsync(app.Services, id);
        await Eventually.TrueAsync(async () => (await RowAsync(app.Services, id)) is { AttemptCount: >= 2, Status: OutboxStatus.Pending },
            "a second failed attempt");
        var second = await RowAsync(app.Services, id);
        Assert.Equal(OutboxStatus.Pending, first.Status);
        Assert.NotNull(first.LastError);
        // 0.5 s after the first failure, then 1 s after the second: the gap between due times grows.
        Assert.True(second.NextAttemptAt - first.NextAttemptAt >= TimeSpan.FromSeconds(1),
            $"{first.NextAttemptAt:O} then {second.NextAttemptAt:O}");

        await laterServer.StartAsync();

        Assert.Single(await laterServer.WaitForAsync(recipient));
        await Eventually.TrueAsync(async () => (await RowAsync(app.Services, id)).Status == OutboxStatus.Sent, "the row marked sent");
        Assert.True((await RowAsync(app.Services, id)).AttemptCount >= 3);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Two_instances_on_one_database_deliver_each_message_exactly_once(DatabaseProvider provider)
    {
        await using var first = new AppFactory(await TestDatabases.CreateAsync(provider), Settings(Server.Port));
        _ = first.Services;
        await using var second = new AppFactory(first.Database, Settings(Server.Port), ownsDatabase: false);
        _ = second.Services;
        var recipients = Enumerable.Range(1, 20).Select(i => NewRecipient($"lot{i}")).ToList();

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<IMailOutbox>();
            foreach (var recipient in recipients)
            {
                outbox.Enqueue(recipient, MailTemplates.ConfigurationTest(TimeProvider.System.GetUtcNow(), "smtp.test"));
            }
            await db.SaveChangesAsync();
        }

        await Eventually.TrueAsync(async () =>
        {
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            return await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent) == 20;
        }, "20 messages marked sent");
        foreach (var recipient in recipients)
        {
            Assert.Single(await Server.WaitForAsync(recipient));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_test_command_sends_the_configuration_message_at_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider);
        var recipient = NewRecipient("operateur");
        string[] common = [$"--Database:Provider={provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];
        string[] mail = [.. Settings(Server.Port).Select(setting => $"--{setting.Key}={setting.Value}")];

        var unconfigured = await Contrevue.Infrastructure.Cli.ContrevueCli.RunAsync(["mail", "test", "--to", recipient, .. common]);
        var configured = await Contrevue.Infrastructure.Cli.ContrevueCli.RunAsync(["mail", "test", "--to", recipient, .. common, .. mail]);

        Assert.Equal(1, unconfigured);
        Assert.Equal(0, configured);
        // Sent before the command returned, not by a later background round.
        var received = Assert.Single(Server.MessagesTo(recipient));
        Assert.Contains("test de configuration", received.Subject);
    }
}
