using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Observatoire;

public enum ReportTargetKind
{
    Dossier = 0,
    Source = 1,
}

public enum ReportStatus
{
    Pending = 0,
    /// <summary>The moderator agreed: the dossier or source stays hidden.</summary>
    Upheld = 1,
    /// <summary>The moderator restored what was reported.</summary>
    Dismissed = 2,
}

/// <summary>A report from anyone that a dossier or source is false, personal, defamatory… No author is kept.</summary>
public sealed class Report
{
    public int Id { get; set; }
    public ReportTargetKind TargetKind { get; set; }
    public int TargetId { get; set; }
    public ReportReason Reason { get; set; }
    public string? Comment { get; set; }
    public DateTime CreatedAt { get; set; }
    public ReportStatus Status { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    /// <summary>
    /// Keyed hash of the client that sent it (<see cref="Infrastructure.Abuse.ClientHasher"/>), never its
    /// address; erased once its window has passed.
    /// </summary>
    public string? ClientHash { get; set; }
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
