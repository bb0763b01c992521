using MailKit.Security;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// The <c>Mail</c> configuration section. Without a host and a sender address nothing is sent:
/// messages wait in the outbox until the operator configures an SMTP server.
/// </summary>
public sealed class MailSettings
{
    public const string Section = "Mail";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string? From { get; set; }
    public string FromName { get; set; } = "Contrevue";

    /// <summary>Seconds between two looks at the outbox.</summary>
    public double PollSeconds { get; set; } = 10;

    /// <summary>How long a claim holds; after it, a crashed sender's message is taken over.</summary>
    public double LeaseSeconds { get; set; } = 300;

    /// <summary>Delay before the first retry; it doubles at each further failure.</summary>
    public double RetrySeconds { get; set; } = 60;

    public int MaxAttempts { get; set; } = 8;

    /// <summary>SMTP timeout per operation; kept well below the lease so a send never outlives its claim.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan FirstRetry => TimeSpan.FromSeconds(RetrySeconds);
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(6);

    /// <summary>Delay after the given failed attempt (1-based): FirstRetry, then doubling, capped at 6 h.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var delay = FirstRetry * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        return delay < LongestRetry ? delay : LongestRetry;
    }
}
