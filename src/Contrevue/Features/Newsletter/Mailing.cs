using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Newsletter;

public enum MailingStatus
{
    Draft,
    /// <summary>Its deliveries are queued; they leave from <see cref="Mailing.SendAt"/>.</summary>
    Scheduled,
    /// <summary>Queued deliveries wait; resuming lets them go again.</summary>
    Paused,
    /// <summary>Every delivery has an outcome (sent, failed, bounced, skipped).</summary>
    Completed,
}

/// <summary>
/// A newsletter issue: its subject and Markdown, its audience (lists × topics), and once scheduled one
/// <see cref="NewsletterDelivery"/> per subscriber of that audience, created in the same transaction.
/// </summary>
public sealed class Mailing
{
    public const int MaxSubjectLength = 200;
    public const int MaxMarkdownLength = 50_000;

    public int Id { get; set; }
    public required string Subject { get; set; }
    public required string Markdown { get; set; }
    /// <summary>List codes, comma-separated.</summary>
    public required string Lists { get; set; }
    /// <summary>Topic codes, comma-separated; empty: everyone on the lists, whatever their topics.</summary>
    public string Topics { get; set; } = "";
    public MailingStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTime? ScheduledAt { get; set; }
    /// <summary>When its deliveries may leave (now, or the organiser's chosen instant).</summary>
    public DateTime? SendAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>Rendered once when scheduled, so that every recipient gets the same text; the links to one's own preferences are filled in at sending.</summary>
    public string? HtmlBody { get; set; }
    public string? TextBody { get; set; }

    /// <summary>Optimistic concurrency: scheduling twice at once queues once.</summary>
    public int Version { get; set; }
}

public enum DeliveryStatus
{
    Pending,
    Sending,
    Sent,
    /// <summary>Given up after the retries, or refused for good by the server.</summary>
    Failed,
    /// <summary>Sent, then reported back as a hard bounce or a complaint.</summary>
    Bounced,
    /// <summary>Not sent: the subscriber left (or bounced) between the scheduling and their turn.</summary>
    Skipped,
}

/// <summary>
/// One mailing to one subscriber: unique, so a mailing can never be queued twice for anybody; claimed
/// under a lease by whichever instance sends, marked sent right after the server's answer.
/// </summary>
public sealed class NewsletterDelivery
{
    public long Id { get; set; }
    public int MailingId { get; set; }
    public int SubscriberId { get; set; }
    public DeliveryStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// The sending rate every instance shares: one row, the rate and the next free slot. A sender reserves
/// slots by moving <see cref="NextSlotAt"/> forward with a conditional update, then waits for its slot,
/// so that two instances together send no faster than one would.
/// </summary>
public sealed class NewsletterSendingRate
{
    public const int SingletonId = 1;

    public int Id { get; set; }
    public double MessagesPerSecond { get; set; }
    public DateTime NextSlotAt { get; set; }
}

internal sealed class MailingConfiguration : IEntityTypeConfiguration<Mailing>
{
    public void Configure(EntityTypeBuilder<Mailing> entity)
    {
        entity.ToTable("newsletter_mailings");
        entity.HasKey(m => m.Id);
        entity.Property(m => m.Subject).HasMaxLength(Mailing.MaxSubjectLength);
        entity.Property(m => m.Markdown).HasMaxLength(Mailing.MaxMarkdownLength);
        entity.Property(m => m.Lists).HasMaxLength(4_000);
        entity.Property(m => m.Topics).HasMaxLength(100);
        entity.Property(m => m.Status).HasMaxLength(10)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<MailingStatus>(s, true));
        entity.Property(m => m.CreatedByUserId).HasMaxLength(450);
        entity.Property(m => m.Version).IsConcurrencyToken();
        entity.HasIndex(m => new { m.Status, m.SendAt });
    }
}

// Explicit lower snake_case names and lower-case status values: the PostgreSQL claim query is SQL.
internal sealed class NewsletterDeliveryConfiguration : IEntityTypeConfiguration<NewsletterDelivery>
{
    public void Configure(EntityTypeBuilder<NewsletterDelivery> entity)
    {
        entity.ToTable("newsletter_deliveries");
        entity.HasKey(d => d.Id);
        entity.Property(d => d.Id).HasColumnName("id");
        entity.Property(d => d.MailingId).HasColumnName("mailing_id");
        entity.Property(d => d.SubscriberId).HasColumnName("subscriber_id");
        entity.Property(d => d.Status).HasColumnName("status").HasMaxLength(10)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<DeliveryStatus>(s, true));
        entity.Property(d => d.AttemptCount).HasColumnName("attempt_count");
        entity.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");
        entity.Property(d => d.ClaimedUntil).HasColumnName("claimed_until");
        entity.Property(d => d.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(100);
        entity.Property(d => d.SentAt).HasColumnName("sent_at");
        entity.Property(d => d.LastError).HasColumnName("last_error").HasMaxLength(1000);
        entity.HasIndex(d => new { d.MailingId, d.SubscriberId }).IsUnique();
        entity.HasIndex(d => new { d.Status, d.NextAttemptAt });
        entity.HasIndex(d => d.SubscriberId);
        entity.HasOne<Mailing>().WithMany().HasForeignKey(d => d.MailingId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<Subscriber>().WithMany().HasForeignKey(d => d.SubscriberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NewsletterSendingRateConfiguration : IEntityTypeConfiguration<NewsletterSendingRate>
{
    public void Configure(EntityTypeBuilder<NewsletterSendingRate> entity)
    {
        entity.ToTable("newsletter_sending_rate");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        entity.Property(r => r.MessagesPerSecond).HasColumnName("messages_per_second");
        entity.Property(r => r.NextSlotAt).HasColumnName("next_slot_at").IsConcurrencyToken();
    }
}
