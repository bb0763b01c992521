using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Observatoire;

/// <summary>A company (or any organisation of the vendor graph) that sells or operates surveillance.</summary>
public sealed class Vendor
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>The name in <see cref="Contrevue.Infrastructure.Text.SearchText"/> form: one vendor per name whatever its spelling.</summary>
    public required string MatchName { get; set; }
    public string? ParentCompany { get; set; }
    public string? Country { get; set; }
    public string? Website { get; set; }
    /// <summary>Product names, one per line.</summary>
    public string Products { get; set; } = "";
    public string? Description { get; set; }
    public bool IsFictional { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string CanonicalPath => $"/observatoire/fournisseurs/{Slug}";

    public IReadOnlyList<string> ProductList =>
        Products.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal sealed class VendorConfiguration : IEntityTypeConfiguration<Vendor>
{
    public void Configure(EntityTypeBuilder<Vendor> entity)
    {
        entity.ToTable("vendors");
        entity.HasKey(v => v.Id);
        entity.Property(v => v.Slug).HasMaxLength(120);
        entity.Property(v => v.Name).HasMaxLength(200);
        entity.Property(v => v.MatchName).HasMaxLength(200);
        entity.Property(v => v.ParentCompany).HasMaxLength(200);
        entity.Property(v => v.Country).HasMaxLength(100);
        entity.Property(v => v.Website).HasMaxLength(DossierLimits.UrlLength);
        entity.Property(v => v.Products).HasMaxLength(4000);
        entity.Property(v => v.Description).HasMaxLength(4000);
        entity.Ignore(v => v.CanonicalPath);
        entity.Ignore(v => v.ProductList);
        entity.HasIndex(v => v.Slug).IsUnique();
        entity.HasIndex(v => v.MatchName).IsUnique();
    }
}

/// <summary>
/// One edge of the vendor graph ("ACME est fourni par UGAP", "ACME a pour client ville de X"), kept with
/// its relation words as they were written and its source. Either end may be a vendor or a commune;
/// an end that could not be matched without guessing waits for review.
/// </summary>
public sealed class VendorRelation
{
    public int Id { get; set; }
    public required string SubjectName { get; set; }
    public int? SubjectVendorId { get; set; }
    public string? SubjectCommuneCode { get; set; }
    public required string Kind { get; set; }
    public required string ObjectName { get; set; }
    public int? ObjectVendorId { get; set; }
    public string? ObjectCommuneCode { get; set; }
    public string? SourceUrl { get; set; }
    /// <summary>SHA-256 of the normalised edge: importing the same line twice changes nothing.</summary>
    public required string Fingerprint { get; set; }
    public bool NeedsReview { get; set; }
    /// <summary>Why it waits: the candidate communes of an ambiguous name, for instance.</summary>
    public string? ReviewNote { get; set; }
    public DateTime ImportedAt { get; set; }
}

internal sealed class VendorRelationConfiguration : IEntityTypeConfiguration<VendorRelation>
{
    public void Configure(EntityTypeBuilder<VendorRelation> entity)
    {
        entity.ToTable("vendor_relations");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.SubjectName).HasMaxLength(300);
        entity.Property(r => r.SubjectCommuneCode).HasMaxLength(5);
        entity.Property(r => r.Kind).HasMaxLength(200);
        entity.Property(r => r.ObjectName).HasMaxLength(300);
        entity.Property(r => r.ObjectCommuneCode).HasMaxLength(5);
        entity.Property(r => r.SourceUrl).HasMaxLength(DossierLimits.UrlLength);
        entity.Property(r => r.Fingerprint).HasMaxLength(64);
        entity.Property(r => r.ReviewNote).HasMaxLength(2000);
        entity.HasIndex(r => r.Fingerprint).IsUnique();
        entity.HasIndex(r => r.SubjectVendorId);
        entity.HasIndex(r => r.ObjectVendorId);
        entity.HasIndex(r => r.SubjectCommuneCode);
        entity.HasIndex(r => r.ObjectCommuneCode);
        entity.HasOne<Vendor>().WithMany().HasForeignKey(r => r.SubjectVendorId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<Vendor>().WithMany().HasForeignKey(r => r.ObjectVendorId).OnDelete(DeleteBehavior.Cascade);
    }
}
