using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Web;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>
/// Sends the due deliveries of scheduled mailings: claims a batch under a lease, sends each message on
/// one SMTP connection at the shared rate, records each outcome, next batch.
/// </summary>
/// <remarks>
/// As with the transactional outbox (<see cref="MailDelivery"/>): a delivery is handed to the SMTP
/// server by one sender at a time, and a delivery recorded as sent never leaves again. A sender killed
/// between the server's 250 and the UPDATE that records it leaves a delivery the server took but still
/// marked sending; after the lease another sender sends it again, with the same Message-ID, so that the
/// copy is recognisable. The sent state is written right after the answer, before anything else, to
/// keep that window as small as SMTP allows.
/// </remarks>
public sealed class NewsletterDeliveryEngine(
    IServiceScopeFactory scopes, MailSettings mail, NewsletterDeliverySettings settings, NewsletterLinks links,
    SiteAddress site, DkimSigning dkim, TimeProvider time, ILogger<NewsletterDeliveryEngine> logger)
{
    private long _claims;

    /// <summary>Who holds a claim: unique per process and per start, readable in the table.</summary>
    public string InstanceId { get; } = NewInstanceId();

    private enum Outcome
    {
        Sent,
        Failed,
        ServerUnreachable,
    }

    /// <summary>Sends every due delivery; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken stoppingToken)
    {
        if (!mail.IsConfigured)
        {
            throw new InvalidOperationException("E-mail is not configured (Mail:Host, Mail:From).");
        }
        using var smtp = SmtpConnection.NewClient(mail);
        var sent = 0;
        try
        {
            var more = true;
            while (more && !stoppingToken.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
                var now = Now();
                var rate = (await SendingRate.ReadAsync(db, settings.MessagesPerSecond, now)).MessagesPerSecond;
                var claim = $"{InstanceId}/{Interlocked.Increment(ref _claims)}";
                var leaseEnd = now + mail.Lease;
                var batch = await DeliveryClaims.ClaimBatchAsync(db, claim, now, leaseEnd, BatchSize(rate));
                if (batch.Count == 0)
                {
                    break;
                }
                var (batchSent, keepGoing) = await SendBatchAsync(db, smtp, claim, leaseEnd, batch, stoppingToken);
                sent += batchSent;
                more = keepGoing;
                await DeliveryClaims.CompleteMailingsAsync(db, Now());
            }
            // The last deliveries of a mailing may have been decided by another instance, or skipped.
            await using (var scope = scopes.CreateAsyncScope())
            {
                var completed = await DeliveryClaims.CompleteMailingsAsync(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>(), Now());
                if (completed > 0)
                {
                    logger.LogInformation("{Count} mailing(s) completed", completed);
                }
            }
        }
        finally
        {
            await SmtpConnection.DisconnectQuietlyAsync(smtp);
        }
        return sent;
    }

    /// <summary>
    /// Enough deliveries for a quarter of the lease at the shared rate (two instances sharing it take
    /// twice as long each), at most <c>Newsletter:BatchSize</c>: a batch never outlives its claim.
    /// </summary>
    private int BatchSize(double rate) =>
        (int)Math.Clamp(rate * mail.Lease.TotalSeconds / 4, 1, Math.Max(1, settings.BatchSize));

    /// <summary>No send starts this close to the end of its lease: it could outlive the claim and be taken over mid-send.</summary>
    private TimeSpan SafetyMargin => mail.Timeout < mail.Lease / 4 ? mail.Timeout : mail.Lease / 4;

    private async Task<(int Sent, bool KeepGoing)> SendBatchAsync(
        ContrevueDbContext db, SmtpClient smtp, string claim, DateTime leaseEnd, List<NewsletterDelivery> batch, CancellationToken stoppingToken)
    {
        var subscriberIds = batch.Select(d => d.SubscriberId).Distinct().ToArray();
        var subscribers = await db.Set<Subscriber>().AsNoTracking().Where(s => subscriberIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Email, s.Status }).ToDictionaryAsync(s => s.Id, CancellationToken.None);
        var lists = (await db.Set<NewsletterSubscription>().AsNoTracking().Where(s => subscriberIds.Contains(s.SubscriberId))
            .Select(s => new { s.SubscriberId, s.ListCode }).ToListAsync(CancellationToken.None))
            .ToLookup(s => s.SubscriberId, s => s.ListCode);
        var mailingIds = batch.Select(d => d.MailingId).Distinct().ToArray();
        var mailings = await db.Set<Mailing>().AsNoTracking().Where(m => mailingIds.Contains(m.Id))
            .Select(m => new MailingContent(m.Id, m.Subject, m.HtmlBody, m.TextBody, m.Lists, m.CreatedAt, m.SendAt))
            .ToDictionaryAsync(m => m.Id, CancellationToken.None);

        // Whoever left since the scheduling gets nothing: only a subscriber confirmed now is sent to.
        var skipped = batch.Where(d => subscribers.GetValueOrDefault(d.SubscriberId) is not { Status: SubscriberStatus.Confirmed }).ToList();
        if (skipped.Count > 0)
        {
            await DeliveryClaims.SkipAsync(db, [.. skipped.Select(d => d.Id)], claim);
        }
        var queue = new Queue<NewsletterDelivery>(batch.Except(skipped));
        var from = new MailboxAddress(mail.FromName, mail.From!);
        var siteUrl = site.WithoutRequest;
        var sent = 0;
        while (queue.Count > 0)
        {
            if (stoppingToken.IsCancellationRequested || Now() + SafetyMargin > leaseEnd)
            {
                // Stopping, or the lease would run out mid-send: another sender (or the next pass) takes them.
                await DeliveryClaims.GiveBackAsync(db, [.. queue.Select(d => d.Id)], claim, Now());
                return (sent, !stoppingToken.IsCancellationRequested);
            }
            var rate = (await SendingRate.ReadAsync(db, settings.MessagesPerSecond, Now())).MessagesPerSecond;
            // A twentieth of a second of slots at a time: a sender late for its slots catches up on few of them
            // (back to back), so the shared rate holds over a second, not only on average.
            var chunk = Dequeue(queue, (int)Math.Clamp(Math.Ceiling(rate / 20), 1, 50));
            // A mailing paused since the claim keeps its remaining deliveries queued.
            var chunkMailings = chunk.Select(d => d.MailingId).Distinct().ToArray();
            var stillScheduled = (await db.Set<Mailing>().AsNoTracking()
                .Where(m => chunkMailings.Contains(m.Id) && m.Status == MailingStatus.Scheduled)
                .Select(m => m.Id).ToListAsync(CancellationToken.None)).ToHashSet();
            var paused = chunk.Where(d => !stillScheduled.Contains(d.MailingId)).ToList();
            if (paused.Count > 0)
            {
                await DeliveryClaims.GiveBackAsync(db, [.. paused.Select(d => d.Id)], claim, Now());
                chunk = [.. chunk.Except(paused)];
            }
            if (chunk.Count == 0)
            {
                continue;
            }
            var slots = await SendingRate.ReserveAsync(db, chunk.Count, settings.MessagesPerSecond, Now());
            for (var i = 0; i < chunk.Count; i++)
            {
                var wait = slots[i] - Now();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, CancellationToken.None);
                }
                var delivery = chunk[i];
                var subscriber = subscribers[delivery.SubscriberId];
                var mailing = mailings[delivery.MailingId];
                var outcome = await SendOneAsync(db, smtp, claim, delivery, () =>
                {
                    var listCode = ListOf(mailing, lists[delivery.SubscriberId]);
                    var message = NewsletterMessage.Build(mailing, subscriber.Id, subscriber.Email, listCode,
                        links.SubscriberToken(subscriber.Id), siteUrl, from, settings.UnsubscribeAddress);
                    dkim.Sign(message);
                    return message;
                });
                if (outcome == Outcome.Sent)
                {
                    sent++;
                }
                else if (outcome == Outcome.ServerUnreachable)
                {
                    // Every other delivery would fail the same way: all go back, due soon, for the next pass.
                    var rest = chunk.Skip(i).Concat(queue).Select(d => d.Id).ToList();
                    await DeliveryClaims.GiveBackAsync(db, rest, claim, Now() + settings.PollInterval, "SMTP server unreachable");
                    return (sent, false);
                }
            }
        }
        return (sent, true);
    }

    // Sends ignore shutdown: cutting a send short could lose the server's answer after it took the
    // message. SMTP timeouts bound the wait; a host that gives up earlier is a crash, which the lease covers.
    private async Task<Outcome> SendOneAsync(ContrevueDbContext db, SmtpClient smtp, string claim, NewsletterDelivery delivery, Func<MimeMessage> build)
    {
        try
        {
            await SmtpConnection.EnsureConnectedAsync(smtp, mail);
        }
        catch (Exception exception)
        {
            logger.LogWarning("Newsletter sender {Instance}: SMTP server unreachable ({Error}); the batch is given back",
                InstanceId, exception.GetType().Name);
            return Outcome.ServerUnreachable;
        }

        try
        {
            await smtp.SendAsync(build(), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var permanent = exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: >= (SmtpStatusCode)500 };
            // The exception's message may quote the recipient (kept with the subscriber anyway), never the body.
            var error = $"{exception.GetType().Name}: {exception.Message}";
            await DeliveryClaims.MarkFailedAsync(db, delivery, claim, error, permanent, Now(), mail);
            var givenUp = permanent || delivery.AttemptCount >= mail.MaxAttempts;
            logger.LogWarning("Newsletter delivery {DeliveryId}: attempt {Attempt} failed ({Error}); {Next}",
                delivery.Id, delivery.AttemptCount, exception.GetType().Name,
                givenUp ? "given up" : $"retry in {mail.RetryDelay(delivery.AttemptCount)}");
            return Outcome.Failed;
        }

        // The server answered 250 and owns the message: record it first, before any other work.
        await DeliveryClaims.MarkSentAsync(db, delivery.Id, Now());
        return Outcome.Sent;
    }

    /// <summary>The list the subscriber receives this mailing through: the first of the mailing's lists they are on.</summary>
    private static string ListOf(MailingContent mailing, IEnumerable<string> subscriberLists)
    {
        var mailingLists = mailing.Lists.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var theirs = subscriberLists.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return mailingLists.FirstOrDefault(theirs.Contains) ?? mailingLists.FirstOrDefault() ?? NewsletterList.National.Code;
    }

    private static List<NewsletterDelivery> Dequeue(Queue<NewsletterDelivery> queue, int count)
    {
        var chunk = new List<NewsletterDelivery>(Math.Min(count, queue.Count));
        while (chunk.Count < count && queue.TryDequeue(out var delivery))
        {
            chunk.Add(delivery);
        }
        return chunk;
    }

    // Short enough to leave room for the batch number in claimed_by (100 characters).
    private static string NewInstanceId()
    {
        var machine = Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName;
        return $"{machine}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
