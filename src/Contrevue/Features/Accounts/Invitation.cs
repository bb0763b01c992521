using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Accounts exist only by invitation: an admin invites anyone (any role), a collective's member
/// invites members into that collective. The link is valid once, for <see cref="ValidDays"/> days.
/// </summary>
public sealed class Invitation
{
    public const int ValidDays = 7;

    public int Id { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    /// <summary>The collective the invitee joins on accepting (<see cref="IInvitationCollectives"/>); its foreign key is the collectives' to declare.</summary>
    public int? CollectiveId { get; set; }
    public string? InvitedByUserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> entity)
    {
        entity.ToTable("invitations");
        entity.HasKey(i => i.Id);
        entity.Property(i => i.Email).HasMaxLength(254);
        entity.Property(i => i.Role).HasMaxLength(20);
        entity.Property(i => i.InvitedByUserId).HasMaxLength(450);
        entity.Property(i => i.TokenHash).HasMaxLength(64);
        entity.HasIndex(i => i.TokenHash).IsUnique();
    }
}
