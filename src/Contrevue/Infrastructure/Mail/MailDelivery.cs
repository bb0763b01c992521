using Contrevue.Data;
using MailKit.Net.Smtp;
using MimeKit;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// Sends outbox messages over SMTP: claim one, send it, record the outcome, next.
/// </summary>
/// <remarks>
/// What is guaranteed: a message is handed to the SMTP server by one sender at a time (the claim),
/// and a message recorded as sent is never sent again. A sender that dies before the server's final
/// 250 answer to DATA has not delivered anything (a server takes a message only with that answer);
/// once its lease expires another sender delivers it, exactly once.
/// What is not: a sender that dies in the short window between the server's 250 and the UPDATE that
/// records it leaves a message the server has already accepted, still marked "sending"; after the
/// lease it is sent again. SMTP offers no way to close that window (the two generals' problem). To
/// keep it small, the sent state is written right after the answer, before anything else; and every
/// attempt carries the same Message-ID, so the copy can be recognised as a duplicate downstream.
/// </remarks>
public sealed class MailDelivery(IServiceScopeFactory scopes, MailSettings settings, MailMetrics metrics, TimeProvider time, ILogger<MailDelivery> logger, DkimSigning dkim)
{
    /// <summary>Who holds a claim: unique per process and per start, readable in the table.</summary>
    public string InstanceId { get; } = NewInstanceId();

    private enum Outcome
    {
        Sent,
        Failed,
        ServerUnreachable,
    }

    /// <summary>Sends every due message, on one SMTP connection; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken stoppingToken)
    {
        EnsureConfigured();
        using var smtp = SmtpConnection.NewClient(settings);
        var sent = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
                var message = await OutboxClaims.ClaimNextAsync(db, InstanceId, Now(), settings.Lease);
                if (message is null)
                {
                    break;
                }
                var outcome = await SendClaimedAsync(db, smtp, message);
                if (outcome == Outcome.Sent)
                {
                    sent++;
                }
                else if (outcome == Outcome.ServerUnreachable)
                {
                    // Every other due message would fail the same way; wait for the next round.
                    break;
                }
            }
        }
        finally
        {
            await SmtpConnection.DisconnectQuietlyAsync(smtp);
        }
        return sent;
    }

    /// <summary>Sends one message now (the operator's test command); returns its state afterwards.</summary>
    public async Task<OutboxMessage> DeliverNowAsync(long id)
    {
        EnsureConfigured();
        using var smtp = SmtpConnection.NewClient(settings);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var message = await OutboxClaims.ClaimNextAsync(db, InstanceId, Now(), settings.Lease, onlyId: id);
        if (message is not null)
        {
            await SendClaimedAsync(db, smtp, message);
            await SmtpConnection.DisconnectQuietlyAsync(smtp);
        }
        await using var readScope = scopes.CreateAsyncScope();
        var reader = readScope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await reader.OutboxMessages.FindAsync(id) ?? throw new InvalidOperationException($"Outbox message {id} not found.");
    }

    // Sends ignore shutdown: cutting a send short could lose the server's answer after it took the
    // message. SMTP timeouts bound the wait; a host that gives up earlier is a crash, which the lease covers.
    private async Task<Outcome> SendClaimedAsync(ContrevueDbContext db, SmtpClient smtp, OutboxMessage message)
    {
        try
        {
            await SmtpConnection.EnsureConnectedAsync(smtp, settings);
        }
        catch (Exception exception)
        {
            await RecordFailureAsync(db, message, exception, permanent: false);
            return Outcome.ServerUnreachable;
        }

        try
        {
            await smtp.SendAsync(ToMime(message), CancellationToken.None);
        }
        catch (Exception exception)
        {
            var permanent = exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted, StatusCode: >= (SmtpStatusCode)500 };
            await RecordFailureAsync(db, message, exception, permanent);
            return Outcome.Failed;
        }

        // The server answered 250 and owns the message: record it first, before any other work.
        await OutboxClaims.MarkSentAsync(db, message.Id, Now());
        metrics.Sent();
        logger.LogInformation("Outbox message {MessageId} sent (attempt {Attempt})", message.Id, message.AttemptCount);
        return Outcome.Sent;
    }

    private async Task RecordFailureAsync(ContrevueDbContext db, OutboxMessage message, Exception exception, bool permanent)
    {
        // The exception's message may quote the recipient (the only personal data kept), never the body.
        var error = $"{exception.GetType().Name}: {exception.Message}";
        await OutboxClaims.MarkFailedAsync(db, message, InstanceId, error, permanent, Now(), settings);
        metrics.Failed();
        var givenUp = permanent || message.AttemptCount >= settings.MaxAttempts;
        logger.LogWarning("Outbox message {MessageId}: attempt {Attempt} failed ({Error}); {Next}",
            message.Id, message.AttemptCount, exception.GetType().Name,
            givenUp ? "given up" : $"retry in {settings.RetryDelay(message.AttemptCount)}");
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var from = new MailboxAddress(settings.FromName, settings.From!);
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = message.MessageIdFor(from.Domain),
            Date = new DateTimeOffset(message.CreatedAt),
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Headers.Add("Content-Language", "fr");
        dkim.Sign(mime);
        return mime;
    }

    // Host and From are checked here once; below they are known to be set.
    private void EnsureConfigured()
    {
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("E-mail is not configured (Mail:Host, Mail:From).");
        }
    }

    private static string NewInstanceId()
    {
        var id = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return id.Length <= 100 ? id : id[^100..];
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
