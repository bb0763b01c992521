using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Collectives;

/// <summary>
/// A local group, the unit of ownership: accounts belong to collectives, and later features hang
/// their private work (letters, procedures) on them. The public directory comes in a later issue.
/// </summary>
public sealed class Collective
{
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 2000;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<CollectiveTerritory> Territories { get; set; } = [];
    public List<CollectiveMember> Members { get; set; } = [];
}

public sealed class CollectiveTerritory
{
    public int CollectiveId { get; set; }
    public TerritoryKind TerritoryKind { get; set; }
    public required string TerritoryCode { get; set; }

    public TerritoryReference Territory => new(TerritoryKind, TerritoryCode);
}

public sealed class CollectiveMember
{
    public int CollectiveId { get; set; }
    public required string UserId { get; set; }
    public DateTime JoinedAt { get; set; }
}

internal sealed class CollectiveConfiguration : IEntityTypeConfiguration<Collective>
{
    public void Configure(EntityTypeBuilder<Collective> entity)
    {
        entity.ToTable("collectives");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Name).HasMaxLength(Collective.MaxNameLength);
        entity.Property(c => c.Description).HasMaxLength(Collective.MaxDescriptionLength);
        entity.HasIndex(c => c.Name).IsUnique();
        entity.HasMany(c => c.Territories).WithOne().HasForeignKey(t => t.CollectiveId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CollectiveId).OnDelete(DeleteBehavior.Cascade);
        // An invitation may make its invitee a member (IInvitationCollectives): Accounts keeps the id,
        // Collectives declares the key, by the entity's name since an entity is no seam.
        entity.HasMany("Contrevue.Features.Accounts.Invitation", null).WithOne().HasForeignKey("CollectiveId").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollectiveTerritoryConfiguration : IEntityTypeConfiguration<CollectiveTerritory>
{
    public void Configure(EntityTypeBuilder<CollectiveTerritory> entity)
    {
        entity.ToTable("collective_territories");
        entity.HasKey(t => new { t.CollectiveId, t.TerritoryKind, t.TerritoryCode });
        entity.Property(t => t.TerritoryCode).HasMaxLength(9);
        entity.Ignore(t => t.Territory);
        entity.HasIndex(t => new { t.TerritoryKind, t.TerritoryCode });
    }
}

internal sealed class CollectiveMemberConfiguration : IEntityTypeConfiguration<CollectiveMember>
{
    public void Configure(EntityTypeBuilder<CollectiveMember> entity)
    {
        entity.ToTable("collective_members");
        entity.HasKey(m => new { m.CollectiveId, m.UserId });
        entity.HasIndex(m => m.UserId);
        entity.HasOne<Accounts.ContrevueUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
