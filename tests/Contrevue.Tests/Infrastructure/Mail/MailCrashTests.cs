using System.Collections.Concurrent;
using System.Diagnostics;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using static Contrevue.Tests.Infrastructure.Mail.MailTestSupport;

namespace Contrevue.Tests.Infrastructure.Mail;

/// <summary>
/// The app is killed (SIGKILL, no shutdown) while the SMTP server holds its message unanswered,
/// then started again: the message arrives once, and a message already sent never leaves again.
/// </summary>
public sealed class MailCrashTests
{
    private const double LeaseSeconds = 3;

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_message_whose_sender_was_killed_mid_send_is_delivered_once_after_restart(DatabaseProvider provider)
    {
        await using var server = new SmtpTestServer();
        await server.StartAsync();
        var database = await TestDatabases.CreateAsync(provider);
        var recipient = NewRecipient("interrompu");
        var alreadySent = NewRecipient("deja-envoye");
        long id;
        await using (var db = OpenDatabase(database))
        {
            await db.Database.MigrateAsync();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            db.OutboxMessages.Add(new OutboxMessage
            {
                Recipient = alreadySent, Subject = "Déjà envoyé", TextBody = "texte", HtmlBody = "<p>texte</p>",
                CreatedAt = now, NextAttemptAt = now, Status = OutboxStatus.Sent, AttemptCount = 1, SentAt = now,
            });
            var message = new MailOutbox(db, TimeProvider.System).Enqueue(recipient, MailTemplates.ConfigurationTest(now, "smtp.test"));
            await db.SaveChangesAsync();
            id = message.Id;
        }

        server.Hold();
        using (var killed = StartAppProcess(database, server.Port))
        {
            await Eventually.TrueAsync(() => Task.FromResult(server.IsHolding || killed.Process.HasExited),
                "the app to send its message", timeoutSeconds: 120);
            Assert.False(killed.Process.HasExited, killed.Output);
            killed.Process.Kill(entireProcessTree: true);
            await killed.Process.WaitForExitAsync();
        }
        await using (var db = OpenDatabase(database))
        {
            var claimed = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
            Assert.Equal(OutboxStatus.Sending, claimed.Status);
            Assert.Equal(1, claimed.AttemptCount);
        }
        server.Release();
        Assert.Empty(server.MessagesTo(recipient));

        await using var restarted = new AppFactory(database, Settings(server.Port, LeaseSeconds));
        _ = restarted.Services; // starts the app
        // After the dead sender's lease, the restarted app takes the message over.
        var received = Assert.Single(await server.WaitForAsync(recipient));
        await Eventually.TrueAsync(async () => (await RowAsync(restarted.Services, id)).Status == OutboxStatus.Sent, "the row marked sent");
        var row = await RowAsync(restarted.Services, id);
        Assert.Equal(2, row.AttemptCount);
        Assert.Equal(row.MessageIdFor("contrevue.test"), received.MessageId);

        // A later message arrives only after the sender has been past the earlier ones (due order).
        var later = NewRecipient("ensuite");
        await EnqueueAsync(restarted.Services, later);
        await server.WaitForAsync(later);
        Assert.Single(server.MessagesTo(recipient));
        Assert.Empty(server.MessagesTo(alreadySent));
    }

    private static ContrevueDbContext OpenDatabase(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<ContrevueDbContext>();
        DatabaseSetup.Configure(options, database.Provider, database.ConnectionString);
        return new ContrevueDbContext(options.Options);
    }

    /// <summary>The real executable, in its own process, so that it can die without any clean-up.</summary>
    private static AppProcess StartAppProcess(TestDatabase database, int smtpPort)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("contrevue-app-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contrevue.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        foreach (var (key, value) in Settings(smtpPort, LeaseSeconds))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, output, workingDirectory);
    }

    private sealed class AppProcess(Process process, ConcurrentQueue<string> output, string workingDirectory) : IDisposable
    {
        public Process Process { get; } = process;
        public string Output => string.Join('\n', output);

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.Dispose();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
