namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>
/// The <c>Newsletter</c> settings of the sending job. The SMTP server, the retries and the lease are
/// the transactional outbox's (<c>Mail:*</c>, <see cref="Infrastructure.Mail.MailSettings"/>).
/// </summary>
public sealed class NewsletterDeliverySettings
{
    public const string Section = "Newsletter";

    /// <summary>Seconds between two looks at the queued deliveries.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>The shared rate's first value, when the database holds none yet; then the admin endpoint changes it.</summary>
    public double MessagesPerSecond { get; set; } = 20;

    /// <summary>The most deliveries claimed at once by one sender (fewer when the rate would not send them within half the lease).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>A mailbox whose mail the operator reads (or a robot processes) to unsubscribe: the mailto of List-Unsubscribe; empty: no mailto.</summary>
    public string? UnsubscribeAddress { get; set; }

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds);
}
