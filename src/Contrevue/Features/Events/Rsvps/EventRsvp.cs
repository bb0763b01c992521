using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Events.Rsvps;

public enum RsvpStatus
{
    /// <summary>Asked; the confirmation link has not been followed yet.</summary>
    Pending = 0,
    /// <summary>Confirmed by its address; for an event with approval, waiting for the organisers.</summary>
    Confirmed = 1,
    /// <summary>Approved by the organisers (events with approval only).</summary>
    Approved = 2,
}

/// <summary>
/// One visitor's participation, without an account: an address (and a name if they gave one) kept only
/// until <see cref="EraseAfter"/> (<c>Events:RsvpRetentionDays</c> after the event), seen by the organisers only.
/// </summary>
public sealed class EventRsvp
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public int EventId { get; set; }
    public string? Name { get; set; }
    public required string Email { get; set; }
    /// <summary>SHA-256 of the confirmation link's token: the token itself is only in the e-mail.</summary>
    public required string TokenHash { get; set; }
    public RsvpStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime EraseAfter { get; set; }
    /// <summary>The start (UTC) of the occurrence the participant was last reminded of: one reminder per occurrence, whatever the instances.</summary>
    public DateTime? RemindedFor { get; set; }
}

internal sealed class EventRsvpConfiguration : IEntityTypeConfiguration<EventRsvp>
{
    public void Configure(EntityTypeBuilder<EventRsvp> entity)
    {
        entity.ToTable("event_rsvps");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Name).HasMaxLength(EventRsvp.MaxNameLength);
        entity.Property(r => r.Email).HasMaxLength(254);
        entity.Property(r => r.TokenHash).HasMaxLength(64);
        entity.HasOne<Event>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(r => r.TokenHash).IsUnique();
        entity.HasIndex(r => new { r.EventId, r.Status });
        entity.HasIndex(r => r.EraseAfter);
    }
}
