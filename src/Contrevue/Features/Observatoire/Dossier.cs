using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Observatoire;

/// <summary>One surveillance project of one authority, with the proof of each fact in its sources.</summary>
public sealed class Dossier
{
    public int Id { get; set; }
    /// <summary>Made from the title, for readable addresses; not unique (pages are found by id).</summary>
    public required string Slug { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, sanitised when rendered.</summary>
    public string Summary { get; set; } = "";

    public AuthorityKind AuthorityKind { get; set; }
    /// <summary>INSEE code, SIREN of the EPCI, or code of the département or région; null for <see cref="AuthorityKind.Other"/>.</summary>
    public string? AuthorityCode { get; set; }
    public required string AuthorityName { get; set; }

    /// <summary>
    /// The territory whose page lists the dossier: the authority's own, or for another public body the
    /// territory it was placed in (optional). Commune, département and région are denormalised from it
    /// so that filters and statistics stay single-table queries.
    /// </summary>
    public TerritoryKind? TerritoryKind { get; set; }
    public string? TerritoryCode { get; set; }
    public string? CommuneCode { get; set; }
    public string? EpciSiren { get; set; }
    public string? DepartementCode { get; set; }
    public string? RegionCode { get; set; }

    public Technology Technologies { get; set; }
    public DossierStatus Status { get; set; }
    public DateOnly? StatusSince { get; set; }
    public int? CameraCount { get; set; }
    public long? BudgetEur { get; set; }

    public string? AuthorizationNumber { get; set; }
    public DateOnly? AuthorizationIssuedOn { get; set; }
    /// <summary>Five years after issue (CSI art. L252-4); stored so that the expiry flag can be filtered in SQL.</summary>
    public DateOnly? AuthorizationExpiresOn { get; set; }
    public bool AuthorizationCoversVideoVerbalisation { get; set; }
    public string? AuthorizationPurposes { get; set; }

    /// <summary>Part of the experimentation of the 2023 Olympic Games law (décret 2023-828).</summary>
    public bool JoExperimentation { get; set; }
    /// <summary>Event codes of the décret, or free text, one per line.</summary>
    public string ExperimentationEvents { get; set; } = "";

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>Hidden after enough reports, until a moderator decides.</summary>
    public bool IsHidden { get; set; }
    public DateTime? HiddenAt { get; set; }
    /// <summary>Made by <c>demo generate</c>: shown as fictional everywhere.</summary>
    public bool IsFictional { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>
    /// Raised by every write: an edit made from an older version (a form left open, a PUT with a stale
    /// If-Match, the loser of two simultaneous saves) is refused rather than silently overwriting.
    /// </summary>
    public int Version { get; set; }

    public List<DossierStatusChange> StatusChanges { get; set; } = [];
    public List<DossierFunding> Fundings { get; set; } = [];
    public List<DossierVendor> Vendors { get; set; } = [];
    public List<Source> Sources { get; set; } = [];

    public string CanonicalPath => $"/observatoire/dossiers/{Id}-{Slug}";

    public IReadOnlyList<string> ExperimentationEventList =>
        ExperimentationEvents.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal sealed class DossierConfiguration : IEntityTypeConfiguration<Dossier>
{
    /// <summary>What the public list shows: the same words in SQLite and PostgreSQL.</summary>
    public const string ListedFilter = "NOT \"IsHidden\"";

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
        // The list's sorts walk an index of the listed dossiers in their order and stop at the page's end
        // (DossierListQuery); the sorts that put unknown values last have expression indexes, written by
        // the migration ListedDossierSortIndexes because EF Core cannot describe them.
        entity.HasIndex(d => new { d.UpdatedAt, d.Id }, "IX_dossiers_listed_recent").IsDescending(true, true).HasFilter(ListedFilter);
        entity.HasIndex(d => new { d.Title, d.Id }, "IX_dossiers_listed_title").HasFilter(ListedFilter);
        entity.HasIndex(d => d.CommuneCode);
        entity.HasIndex(d => d.EpciSiren);
        entity.HasIndex(d => new { d.DepartementCode, d.Id });
        entity.HasIndex(d => new { d.RegionCode, d.Id });
        entity.HasIndex(d => new { d.Status, d.Id });
        entity.HasIndex(d => new { d.TerritoryKind, d.TerritoryCode });
    }
}

/// <summary>One step of the dossier's lifecycle: the timeline.</summary>
public sealed class DossierStatusChange
{
    public int Id { get; set; }
    public int DossierId { get; set; }
    public DossierStatus Status { get; set; }
    public DateOnly On { get; set; }
    public string? Note { get; set; }
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

public sealed class DossierFunding
{
    public int Id { get; set; }
    public int DossierId { get; set; }
    public FunderKind Kind { get; set; }
    public string? Name { get; set; }
    public long? AmountEur { get; set; }
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

public sealed class DossierVendor
{
    public int DossierId { get; set; }
    public int VendorId { get; set; }
    public Vendor? Vendor { get; set; }
    public string? Product { get; set; }
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
