namespace Contrevue.Infrastructure.Mail;

public enum OutboxStatus
{
    Pending,
    Sending,
    Sent,
    Failed,
}

/// <summary>
/// One e-mail to send, stored in the same transaction as the change that caused it. Holds no
/// personal data beyond the recipient's address.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public DateTime CreatedAt { get; set; }
    public OutboxStatus Status { get; set; }

    /// <summary>Attempts started, counted when claimed (so an attempt cut short by a crash counts too).</summary>
    public int AttemptCount { get; set; }

    public DateTime NextAttemptAt { get; set; }

    /// <summary>End of the lease of the sender that claimed it; past it, another sender may take it over.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public string? ClaimedBy { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>See <see cref="MailContent.ForgetBodyOnceSent"/>: the bodies are emptied when the message is marked sent.</summary>
    public bool ForgetBodyOnceSent { get; set; }

    /// <summary>
    /// The same Message-ID for every attempt at this row, so that a copy sent twice (see
    /// <see cref="MailDelivery"/>) can be recognised as one message by the receiving side. The creation
    /// instant keeps it unique if a database is recreated and ids start again.
    /// </summary>
    public string MessageIdFor(string domain) =>
        $"outbox-{Id}.{CreatedAt:yyyyMMddHHmmssfffffff}@{domain}";
}
