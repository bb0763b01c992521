using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Kit;

public enum KitStatus
{
    /// <summary>Proposed by a collective's member: seen by its members and moderators only.</summary>
    Pending = 0,
    Published = 1,
}

/// <summary>
/// One resource of the campaign kit (a brochure, a poster…): what it is, who made it, under which licence,
/// and its versions, each with its files.
/// </summary>
public sealed class KitResource
{
    public const int MaxTitleLength = 160;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTags = 10;
    public const int MaxTagLength = 40;

    public int Id { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public required string Language { get; set; }
    public required string Licence { get; set; }
    /// <summary>The collective that made it; null: the campaign itself.</summary>
    public int? CollectiveId { get; set; }
    /// <summary>",A4,A3,": delimited so that one format is found with a LIKE on both providers.</summary>
    public string Formats { get; set; } = "";
    /// <summary>",affiche,jo-2024,": delimited like <see cref="Formats"/>.</summary>
    public string Tags { get; set; } = "";
    public KitStatus Status { get; set; }
    public string? ProposedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<KitVersion> Versions { get; set; } = [];

    public string Slug => SearchText.Slug(Title);
    public string PagePath => $"/kit/{Id}-{Slug}";
    public IReadOnlyList<string> FormatList => Split(Formats);
    public IReadOnlyList<string> TagList => Split(Tags);

    public static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : "," + string.Join(',', list) + ",";
    }

    private static List<string> Split(string joined) => [.. joined.Split(',', StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>A version of a resource: its files and what changed since the previous one.</summary>
public sealed class KitVersion
{
    public const int MaxChangelogLength = 300;
    public const int MaxFiles = 10;

    public int Id { get; set; }
    public int ResourceId { get; set; }
    /// <summary>1, 2, 3… within its resource.</summary>
    public int Number { get; set; }
    public string Changelog { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<KitFile> Files { get; set; } = [];
}

/// <summary>
/// A file of a version: a stored file (<see cref="StoredFile"/>, by its hash) and its preview image, rendered
/// once when the file was added and stored as a file of its own. Downloads are a counter, nothing more.
/// </summary>
public sealed class KitFile
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public int Position { get; set; }
    public required string Sha256 { get; set; }
    public required string MediaType { get; set; }
    public required string Extension { get; set; }
    public long Bytes { get; set; }
    /// <summary>A PNG of the first page or a thumbnail; null when none could be made (the page shows a placeholder).</summary>
    public string? PreviewSha256 { get; set; }
    public long Downloads { get; set; }
}

internal sealed class KitConfiguration :
    IEntityTypeConfiguration<KitResource>, IEntityTypeConfiguration<KitVersion>, IEntityTypeConfiguration<KitFile>
{
    private const string CollectiveEntity = "Contrevue.Features.Collectives.Collective";

    public void Configure(EntityTypeBuilder<KitResource> entity)
    {
        entity.ToTable("kit_resources");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Kind).HasMaxLength(40);
        entity.Property(r => r.Title).HasMaxLength(KitResource.MaxTitleLength);
        entity.Property(r => r.Description).HasMaxLength(KitResource.MaxDescriptionLength);
        entity.Property(r => r.Language).HasMaxLength(8);
        entity.Property(r => r.Licence).HasMaxLength(40);
        entity.Property(r => r.Formats).HasMaxLength(100);
        entity.Property(r => r.Tags).HasMaxLength(KitResource.MaxTags * (KitResource.MaxTagLength + 1) + 1);
        entity.Property(r => r.ProposedByUserId).HasMaxLength(450);
        entity.Ignore(r => r.Slug);
        entity.Ignore(r => r.PagePath);
        entity.Ignore(r => r.FormatList);
        entity.Ignore(r => r.TagList);
        // A collective's resources go with it.
        entity.HasOne(CollectiveEntity, null).WithMany().HasForeignKey(nameof(KitResource.CollectiveId)).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(r => r.Versions).WithOne().HasForeignKey(v => v.ResourceId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(r => new { r.Status, r.PublishedAt });
        entity.HasIndex(r => r.CollectiveId);
    }

    public void Configure(EntityTypeBuilder<KitVersion> entity)
    {
        entity.ToTable("kit_versions");
        entity.HasKey(v => v.Id);
        entity.Property(v => v.Changelog).HasMaxLength(KitVersion.MaxChangelogLength);
        entity.HasIndex(v => new { v.ResourceId, v.Number }).IsUnique();
        entity.HasMany(v => v.Files).WithOne().HasForeignKey(f => f.VersionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<KitFile> entity)
    {
        entity.ToTable("kit_files");
        entity.HasKey(f => f.Id);
        entity.Property(f => f.Sha256).HasMaxLength(64);
        entity.Property(f => f.PreviewSha256).HasMaxLength(64);
        entity.Property(f => f.MediaType).HasMaxLength(100);
        entity.Property(f => f.Extension).HasMaxLength(10);
        entity.HasOne<StoredFile>().WithMany().HasForeignKey(f => f.Sha256).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(f => f.Sha256);
        entity.HasIndex(f => f.PreviewSha256);
    }
}
