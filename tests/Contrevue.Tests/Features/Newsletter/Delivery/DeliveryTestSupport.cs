using System.Net;
using System.Net.Sockets;
using System.Text;
using Contrevue.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Contrevue.Tests.Features.Newsletter.Delivery;

/// <summary>
/// Subscribers, a scheduled mailing and its deliveries written straight through the DbContext (the
/// scheduling itself belongs to the Mailings piece), and readers of what the SMTP server received.
/// </summary>
internal static class DeliveryTestSupport
{
    public const string SiteUrl = "https://contrevue.test";

    public static Dictionary<string, string> Settings(int smtpPort, double rate = 1000, double leaseSeconds = 30)
    {
        var settings = Contrevue.Tests.Infrastructure.Mail.MailTestSupport.Settings(smtpPort, leaseSeconds);
        settings["Newsletter:PollSeconds"] = "0.1";
        settings["Newsletter:MessagesPerSecond"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Site:PublicUrl"] = SiteUrl;
        return settings;
    }

    public sealed record Recipient(int Id, string Email);

    public sealed record Seeded(int MailingId, DateTime CreatedAt, IReadOnlyList<Recipient> Confirmed, IReadOnlyList<Recipient> Others);

    /// <summary>
    /// A mailing to the national list with one pending delivery per subscriber: <paramref name="confirmed"/>
    /// confirmed ones, and one each unconfirmed, unsubscribed and bounced when <paramref name="withOthers"/>.
    /// </summary>
    public static async Task<Seeded> SeedAsync(IServiceProvider services, string name, int confirmed,
        bool withOthers = false, MailingStatus status = MailingStatus.Scheduled, DateTime? sendAt = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var tag = Guid.NewGuid().ToString("N")[..10];
        var subscribers = Enumerable.Range(1, confirmed)
            .Select(i => NewSubscriber($"{name}{i}-{tag}@example.org", SubscriberStatus.Confirmed, now))
            .ToList();
        var others = withOthers
            ? new[] { SubscriberStatus.Unconfirmed, SubscriberStatus.Unsubscribed, SubscriberStatus.Bounced }
                .Select(s => NewSubscriber($"{name}-{s.ToString().ToLowerInvariant()}-{tag}@example.org", s, now)).ToList()
            : [];
        // One transaction, as the scheduling does: a sender never sees the mailing without its deliveries
        // (it would complete it at once).
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.AddRange(subscribers);
        db.AddRange(others);
        var mailing = new Mailing
        {
            Subject = $"Lettre d'info « {name} »",
            Markdown = "# Bonjour\n\nLes nouvelles de la campagne.",
            Lists = "national",
            Status = status,
            CreatedAt = now.AddMinutes(-5),
            CreatedByUserId = "test",
            ScheduledAt = now,
            SendAt = sendAt ?? now.AddSeconds(-1),
            // Rendered as scheduling renders it, with the place it leaves for each recipient's footer.
            HtmlBody = Contrevue.Features.Newsletter.Mailings.MailingRendering.Html($"Lettre d'info « {name} »", "# Bonjour\n\nLes nouvelles de la campagne."),
            TextBody = Contrevue.Features.Newsletter.Mailings.MailingRendering.Text("# Bonjour\n\nLes nouvelles de la campagne."),
        };
        db.Add(mailing);
        await db.SaveChangesAsync();
        db.AddRange(subscribers.Concat(others).Select(s => new NewsletterDelivery
        {
            MailingId = mailing.Id, SubscriberId = s.Id, Status = DeliveryStatus.Pending, NextAttemptAt = now.AddSeconds(-1),
        }));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        var createdAt = await db.Set<Mailing>().Where(m => m.Id == mailing.Id).Select(m => m.CreatedAt).SingleAsync();
        return new Seeded(mailing.Id, createdAt,
            [.. subscribers.Select(s => new Recipient(s.Id, s.Email))], [.. others.Select(s => new Recipient(s.Id, s.Email))]);
    }

    private static Subscriber NewSubscriber(string email, SubscriberStatus status, DateTime now) => new()
    {
        Email = email,
        Status = status,
        CreatedAt = now,
        ConfirmedAt = status == SubscriberStatus.Confirmed ? now : null,
        Subscriptions = [new NewsletterSubscription { ListCode = "national" }],
    };

    public static async Task<T> ReadAsync<T>(IServiceProvider services, Func<ContrevueDbContext, Task<T>> read)
    {
        await using var scope = services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
    }

    public static Task<List<NewsletterDelivery>> DeliveriesAsync(IServiceProvider services, int mailingId) =>
        ReadAsync(services, db => db.Set<NewsletterDelivery>().AsNoTracking().Where(d => d.MailingId == mailingId).OrderBy(d => d.Id).ToListAsync());

    public static Task<Mailing> MailingAsync(IServiceProvider services, int mailingId) =>
        ReadAsync(services, db => db.Set<Mailing>().AsNoTracking().SingleAsync(m => m.Id == mailingId));

    public static Task WaitForStatusAsync(IServiceProvider services, int mailingId, MailingStatus status) =>
        Contrevue.Tests.Infrastructure.Mail.Eventually.TrueAsync(async () => (await MailingAsync(services, mailingId)).Status == status,
            $"mailing {mailingId} {status}", timeoutSeconds: 120);

    /// <summary>Every message the server holds, by recipient address (read once: a few hundred files).</summary>
    public static ILookup<string, MimeMessage> ReceivedByRecipient(string folder) =>
        Directory.GetFiles(folder, "*.eml")
            .Select(file => MimeMessage.Load(file))
            .SelectMany(message => message.To.Mailboxes.Select(to => (to.Address, message)))
            .ToLookup(pair => pair.Address, pair => pair.message);
}

/// <summary>
/// A minimal SMTP server that accepts the session and refuses every recipient: for a local part
/// starting with « definitif » with 550 (permanent), otherwise 451 (try again later).
/// </summary>
internal sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RefusingSmtpServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 refus.test ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (command)
                    {
                        case "RCPT":
                            await writer.WriteLineAsync(line.Contains("<definitif", StringComparison.OrdinalIgnoreCase)
                                ? "550 5.1.1 Mailbox unknown" : "451 4.3.0 Try again later");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 Bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 OK");
                            break;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the test ended.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
