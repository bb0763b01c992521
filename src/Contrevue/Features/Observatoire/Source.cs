using Contrevue.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Observatoire;

/// <summary>A document that proves facts of a dossier: a web page, an uploaded file, or both.</summary>
public sealed class Source
{
    public int Id { get; set; }
    public int DossierId { get; set; }
    public SourceKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Publisher { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public string? Url { get; set; }
    /// <summary>The uploaded file, by the SHA-256 of its stored bytes (see <see cref="StoredFile"/>).</summary>
    public string? FileSha256 { get; set; }
    /// <summary>A copy of <see cref="Url"/> taken by the server, when snapshots are enabled.</summary>
    public string? SnapshotSha256 { get; set; }
    public DateOnly? RetrievedOn { get; set; }
    public Confidence Confidence { get; set; }
    /// <summary>The facts this source proves; <see cref="DossierFact.None"/> means the whole dossier.</summary>
    public DossierFact Supports { get; set; }
    public bool IsHidden { get; set; }
    public DateTime? HiddenAt { get; set; }
    public DateTime CreatedAt { get; set; }
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
