using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Newsletter;

public enum SubscriberStatus
{
    /// <summary>Asked, not confirmed: nothing but the one confirmation is ever sent.</summary>
    Unconfirmed,
    Confirmed,
    /// <summary>Withdrew (preferences page, one-click link, mailto): kept, with the consent log, so as never to send again.</summary>
    Unsubscribed,
    /// <summary>A hard bounce or a complaint: sending stops.</summary>
    Bounced,
}

/// <summary>
/// An address on the newsletter's lists. No account: the e-mailed links (confirmation, preferences,
/// unsubscribe) carry a signature of its id. The address is the only personal data kept; its lists and
/// topics are in <see cref="NewsletterSubscription"/> and <see cref="Topics"/>, its history in
/// <see cref="ConsentRecord"/>.
/// </summary>
public sealed class Subscriber
{
    public int Id { get; set; }

    /// <summary>Lower-cased, trimmed: one row per mailbox, whoever types it how.</summary>
    public required string Email { get; set; }

    public SubscriberStatus Status { get; set; }

    /// <summary>Codes of <see cref="NewsletterTopics"/>, comma-separated; empty means every topic.</summary>
    public string Topics { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? UnsubscribedAt { get; set; }

    /// <summary>The last confirmation e-mail sent: at most one a day, whoever asks (a bot submitting a victim's address).</summary>
    public DateTime? ConfirmationSentAt { get; set; }

    /// <summary>
    /// What the pending confirmation will apply, as a change request (lists and topics, the wording shown,
    /// how it was asked): a confirmed subscriber's lists are never changed by a form anybody can submit.
    /// </summary>
    public string? PendingRequest { get; set; }

    public DateTime? BouncedAt { get; set; }
    public int SoftBounceCount { get; set; }

    public List<NewsletterSubscription> Subscriptions { get; set; } = [];

    public bool MayReceive => Status == SubscriberStatus.Confirmed;
}

/// <summary>One list of a subscriber, by its code (<see cref="NewsletterList.Code"/>).</summary>
public sealed class NewsletterSubscription
{
    public int SubscriberId { get; set; }
    public required string ListCode { get; set; }
    public DateTime SubscribedAt { get; set; }
}

public enum ConsentAction
{
    /// <summary>Asked on a form or by the API; waits for the confirmation.</summary>
    Requested,
    Confirmed,
    /// <summary>Lists or topics changed on the preferences page.</summary>
    Changed,
    /// <summary>Imported by an organiser, with their statement of the legal basis.</summary>
    Imported,
    Withdrawn,
}

/// <summary>
/// The consent log: each step of a subscription, when, for which lists and topics, the exact wording
/// shown, how (form, api, import, preferences, one-click, mailto, bounce) and, for an import, the
/// organiser's statement. Append-only; erased only with the subscriber (data rights).
/// </summary>
public sealed class ConsentRecord
{
    public const int MaxWordingLength = 2_000;
    public const int MaxStatementLength = 1_000;

    public long Id { get; set; }
    public int SubscriberId { get; set; }
    public DateTime At { get; set; }
    public ConsentAction Action { get; set; }
    /// <summary>List codes, comma-separated, as they stood after this step.</summary>
    public string Lists { get; set; } = "";
    public string Topics { get; set; } = "";
    /// <summary>form, api, import, preferences, one-click, mailto, bounce, complaint.</summary>
    public required string Method { get; set; }
    /// <summary>The consent text exactly as the person saw it (the form's, or the confirmation page's).</summary>
    public string? Wording { get; set; }
    /// <summary>An import's legal basis in the organiser's words, and whether they stated prior consent.</summary>
    public string? Statement { get; set; }
    /// <summary>The account that imported or changed on someone's behalf; null when the person acted.</summary>
    public string? ActorUserId { get; set; }
    /// <summary>For a withdrawal by a mailing's link: which mailing (its « unsubscribed » counter).</summary>
    public int? MailingId { get; set; }
}

/// <summary>A collective that opened its own list (<c>collective:{id}</c>).</summary>
public sealed class CollectiveNewsletter
{
    public int CollectiveId { get; set; }
    public DateTime OpenedAt { get; set; }
}

internal sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> entity)
    {
        entity.ToTable("newsletter_subscribers");
        entity.HasKey(s => s.Id);
        entity.Property(s => s.Id).HasColumnName("id");
        entity.Property(s => s.Email).HasColumnName("email").HasMaxLength(254);
        entity.Property(s => s.Status).HasColumnName("status").HasMaxLength(12)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<SubscriberStatus>(s, true));
        entity.Property(s => s.Topics).HasColumnName("topics").HasMaxLength(100);
        entity.Property(s => s.CreatedAt).HasColumnName("created_at");
        entity.Property(s => s.ConfirmedAt).HasColumnName("confirmed_at");
        entity.Property(s => s.UnsubscribedAt).HasColumnName("unsubscribed_at");
        entity.Property(s => s.ConfirmationSentAt).HasColumnName("confirmation_sent_at");
        entity.Property(s => s.PendingRequest).HasColumnName("pending_request").HasMaxLength(4_000);
        entity.Property(s => s.BouncedAt).HasColumnName("bounced_at");
        entity.Property(s => s.SoftBounceCount).HasColumnName("soft_bounce_count");
        entity.HasIndex(s => s.Email).IsUnique();
        entity.HasIndex(s => s.Status);
        entity.HasMany(s => s.Subscriptions).WithOne().HasForeignKey(s => s.SubscriberId).OnDelete(DeleteBehavior.Cascade);
        entity.Ignore(s => s.MayReceive);
    }
}

internal sealed class NewsletterSubscriptionConfiguration : IEntityTypeConfiguration<NewsletterSubscription>
{
    public void Configure(EntityTypeBuilder<NewsletterSubscription> entity)
    {
        entity.ToTable("newsletter_subscriptions");
        entity.HasKey(s => new { s.SubscriberId, s.ListCode });
        entity.Property(s => s.SubscriberId).HasColumnName("subscriber_id");
        entity.Property(s => s.ListCode).HasColumnName("list_code").HasMaxLength(NewsletterList.MaxCodeLength);
        entity.Property(s => s.SubscribedAt).HasColumnName("subscribed_at");
        // The audience of a mailing is read by list.
        entity.HasIndex(s => s.ListCode);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> entity)
    {
        entity.ToTable("newsletter_consents");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Action).HasMaxLength(12)
            .HasConversion(a => a.ToString().ToLowerInvariant(), a => Enum.Parse<ConsentAction>(a, true));
        entity.Property(c => c.Lists).HasMaxLength(4_000);
        entity.Property(c => c.Topics).HasMaxLength(100);
        entity.Property(c => c.Method).HasMaxLength(20);
        entity.Property(c => c.Wording).HasMaxLength(ConsentRecord.MaxWordingLength);
        entity.Property(c => c.Statement).HasMaxLength(ConsentRecord.MaxStatementLength);
        entity.Property(c => c.ActorUserId).HasMaxLength(450);
        entity.HasOne<Subscriber>().WithMany().HasForeignKey(c => c.SubscriberId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(c => new { c.SubscriberId, c.At });
        entity.HasIndex(c => c.MailingId);
    }
}

internal sealed class CollectiveNewsletterConfiguration : IEntityTypeConfiguration<CollectiveNewsletter>
{
    public void Configure(EntityTypeBuilder<CollectiveNewsletter> entity)
    {
        entity.ToTable("newsletter_collective_lists");
        entity.HasKey(c => c.CollectiveId);
        entity.Property(c => c.CollectiveId).ValueGeneratedNever();
    }
}
