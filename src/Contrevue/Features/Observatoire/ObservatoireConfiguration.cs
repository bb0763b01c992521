using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Observatoire;

internal sealed class DossierConfiguration : IEntityTypeConfiguration<Dossier>
{
    public void Configure(EntityTypeBuilder<Dossier> entity)
    {
        entity.ToTable("dossiers");
        entity.HasKey(d => d.Id);
        entity.Property(d => d.Slug).HasMaxLength(80);
        entity.Property(d => d.Title).HasMaxLength(DossierLimits.TitleLength);
        entity.Property(d => d.Summary).HasMaxLength(DossierLimits.SummaryLength);
        entity.Property(d => d.AuthorityCode).HasMaxLength(9);
        entity.Property(d => d.AuthorityName).HasMaxLength(200);
        entity.Property(d => d.TerritoryCode).HasMaxLength(9);
        entity.Property(d => d.CommuneCode).HasMaxLength(5);
        entity.Property(d => d.EpciSiren).HasMaxLength(9);
        entity.Property(d => d.DepartementCode).HasMaxLength(3);
        entity.Property(d => d.RegionCode).HasMaxLength(3);
        entity.Property(d => d.AuthorizationNumber).HasMaxLength(100);
        entity.Property(d => d.AuthorizationPurposes).HasMaxLength(2000);
        entity.Property(d => d.ExperimentationEvents).HasMaxLength(2000);
        entity.Ignore(d => d.CanonicalPath);
        entity.Ignore(d => d.ExperimentationEventList);
        entity.HasMany(d => d.StatusChanges).WithOne().HasForeignKey(s => s.DossierId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(d => d.Fundings).WithOne().HasForeignKey(f => f.DossierId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(d => d.Vendors).WithOne().HasForeignKey(v => v.DossierId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(d => d.Sources).WithOne().HasForeignKey(s => s.DossierId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(d => new { d.IsHidden, d.Id });
        entity.HasIndex(d => new { d.IsHidden, d.UpdatedAt });
        entity.HasIndex(d => d.CommuneCode);
        entity.HasIndex(d => d.EpciSiren);
        entity.HasIndex(d => new { d.DepartementCode, d.Id });
        entity.HasIndex(d => new { d.RegionCode, d.Id });
        entity.HasIndex(d => new { d.Status, d.Id });
        entity.HasIndex(d => new { d.TerritoryKind, d.TerritoryCode });
    }
}

internal sealed class DossierStatusChangeConfiguration : IEntityTypeConfiguration<DossierStatusChange>
{
    public void Configure(EntityTypeBuilder<DossierStatusChange> entity)
    {
        entity.ToTable("dossier_status_changes");
        entity.HasKey(s => s.Id);
        entity.Property(s => s.Note).HasMaxLength(500);
        entity.HasIndex(s => new { s.DossierId, s.On });
    }
}

internal sealed class DossierFundingConfiguration : IEntityTypeConfiguration<DossierFunding>
{
    public void Configure(EntityTypeBuilder<DossierFunding> entity)
    {
        entity.ToTable("dossier_fundings");
        entity.HasKey(f => f.Id);
        entity.Property(f => f.Name).HasMaxLength(200);
        entity.HasIndex(f => f.DossierId);
    }
}

internal sealed class DossierVendorConfiguration : IEntityTypeConfiguration<DossierVendor>
{
    public void Configure(EntityTypeBuilder<DossierVendor> entity)
    {
        entity.ToTable("dossier_vendors");
        entity.HasKey(v => new { v.DossierId, v.VendorId });
        entity.Property(v => v.Product).HasMaxLength(200);
        entity.HasOne(v => v.Vendor).WithMany().HasForeignKey(v => v.VendorId).OnDelete(DeleteBehavior.Restrict);
        entity.HasIndex(v => new { v.VendorId, v.DossierId });
    }
}

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> entity)
    {
        entity.ToTable("sources");
        entity.HasKey(s => s.Id);
        entity.Property(s => s.Title).HasMaxLength(DossierLimits.SourceTitleLength);
        entity.Property(s => s.Publisher).HasMaxLength(200);
        entity.Property(s => s.Url).HasMaxLength(DossierLimits.UrlLength);
        entity.Property(s => s.FileSha256).HasMaxLength(64);
        entity.Property(s => s.SnapshotSha256).HasMaxLength(64);
        entity.HasIndex(s => new { s.DossierId, s.Id });
        entity.HasIndex(s => s.FileSha256);
        entity.HasIndex(s => s.SnapshotSha256);
    }
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

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> entity)
    {
        entity.ToTable("reports");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Comment).HasMaxLength(DossierLimits.ReportCommentLength);
        entity.Property(r => r.DecidedByUserId).HasMaxLength(450);
        entity.Property(r => r.ClientHash).HasMaxLength(64);
        entity.HasIndex(r => new { r.Status, r.CreatedAt });
        entity.HasIndex(r => new { r.TargetKind, r.TargetId, r.Status });
    }
}

/// <summary>Sizes of the dossier's texts, shared by the columns and the validation messages.</summary>
public static class DossierLimits
{
    public const int TitleLength = 200;
    public const int SummaryLength = 20_000;
    public const int SourceTitleLength = 300;
    public const int UrlLength = Infrastructure.Fetching.SourceSnapshotter.MaxAddressLength;
    public const int MaxSources = 100;
    public const int MaxVendors = 50;
    public const int MaxStatusChanges = 50;
    public const int MaxFundings = 20;
    public const int ReportCommentLength = 2000;
}
