using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Collectives;

/// <summary>
/// A local group, the unit of ownership: accounts belong to collectives, and features hang their
/// private work (letters, procedures, events) on them. A collective shows in the public directory
/// only once a member has chosen so (<see cref="Listed"/>).
/// </summary>
public sealed class Collective
{
    public const int MaxNameLength = 120;
    /// <summary>Markdown, sanitised when shown.</summary>
    public const int MaxDescriptionLength = 10_000;
    public const int MaxLinks = 10;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    /// <summary>In the public directory and with a public profile; false until a member says so.</summary>
    public bool Listed { get; set; }
    public List<CollectiveTerritory> Territories { get; set; } = [];
    public List<CollectiveMember> Members { get; set; } = [];
    public List<CollectiveLink> Links { get; set; } = [];

    /// <summary>The URL slug of the public profile, from the name (unique), so nothing to keep in step.</summary>
    public string Slug => Infrastructure.Text.SearchText.Slug(Name);
}

/// <summary>A public link of the collective: its site, a Mastodon or other Fediverse account… (http(s) only).</summary>
public sealed class CollectiveLink
{
    public const int MaxLabelLength = 80;
    public const int MaxUrlLength = 500;

    public int CollectiveId { get; set; }
    public int Position { get; set; }
    public required string Label { get; set; }
    public required string Url { get; set; }
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
        entity.HasMany(c => c.Links).WithOne().HasForeignKey(l => l.CollectiveId).OnDelete(DeleteBehavior.Cascade);
        entity.Ignore(c => c.Slug);
        entity.HasIndex(c => c.Listed);
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

internal sealed class CollectiveLinkConfiguration : IEntityTypeConfiguration<CollectiveLink>
{
    public void Configure(EntityTypeBuilder<CollectiveLink> entity)
    {
        entity.ToTable("collective_links");
        entity.HasKey(l => new { l.CollectiveId, l.Position });
        entity.Property(l => l.Label).HasMaxLength(CollectiveLink.MaxLabelLength);
        entity.Property(l => l.Url).HasMaxLength(CollectiveLink.MaxUrlLength);
    }
}
