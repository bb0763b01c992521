using Contrevue.Features.Territories;
using Contrevue.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Moderation;

[Seam]
public enum ProposalStatus
{
    /// <summary>The contributor left an e-mail and has not followed the confirmation link yet.</summary>
    AwaitingConfirmation = 0,
    Pending = 1,
    Approved = 2,
    Rejected = 3,
}

/// <summary>
/// A change proposed by the public. Nothing in it is public until a moderator approves it. The queue
/// hands it to the <see cref="IProposalPublisher"/> of its kind, the one table other features may read.
/// </summary>
[Seam]
public sealed class Proposal
{
    public int Id { get; set; }
    public required string Kind { get; set; }
    public TerritoryKind TerritoryKind { get; set; }
    public required string TerritoryCode { get; set; }
    /// <summary>The proposed values, as JSON of the kind's facts.</summary>
    public required string Data { get; set; }
    public string? Source { get; set; }
    public string? Note { get; set; }
    public ProposalStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DecisionReason { get; set; }

    public TerritoryReference Territory => new(TerritoryKind, TerritoryCode);
}

/// <summary>
/// A contributor's address, kept apart from the proposal (and from anything public), to confirm the
/// proposal and tell its outcome; erased some days after the decision.
/// </summary>
public sealed class ContributorEmail
{
    public int Id { get; set; }
    public int ProposalId { get; set; }
    public required string Email { get; set; }
    public required string ConfirmationTokenHash { get; set; }
    public DateTime? ConfirmedAt { get; set; }
}

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> entity)
    {
        entity.ToTable("proposals");
        entity.HasKey(p => p.Id);
        entity.Property(p => p.Kind).HasMaxLength(40);
        entity.Property(p => p.TerritoryCode).HasMaxLength(9);
        entity.Property(p => p.Source).HasMaxLength(1000);
        entity.Property(p => p.Note).HasMaxLength(2000);
        entity.Property(p => p.DecisionReason).HasMaxLength(2000);
        entity.Property(p => p.DecidedByUserId).HasMaxLength(450);
        entity.Ignore(p => p.Territory);
        entity.HasIndex(p => new { p.Status, p.CreatedAt });
        entity.HasIndex(p => new { p.TerritoryKind, p.TerritoryCode });
    }
}

internal sealed class ContributorEmailConfiguration : IEntityTypeConfiguration<ContributorEmail>
{
    public void Configure(EntityTypeBuilder<ContributorEmail> entity)
    {
        entity.ToTable("contributor_emails");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Email).HasMaxLength(254);
        entity.Property(c => c.ConfirmationTokenHash).HasMaxLength(64);
        entity.HasIndex(c => c.ProposalId).IsUnique();
        entity.HasIndex(c => c.ConfirmationTokenHash).IsUnique();
        entity.HasOne<Proposal>().WithMany().HasForeignKey(c => c.ProposalId).OnDelete(DeleteBehavior.Cascade);
    }
}
