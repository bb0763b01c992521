using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Infrastructure.Audit;

/// <summary>Append-only record of privileged actions, readable by admins. Never updated or deleted.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? ActorUserId { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entity)
    {
        entity.ToTable("audit_log");
        entity.HasKey(a => a.Id);
        entity.Property(a => a.ActorUserId).HasMaxLength(450);
        entity.Property(a => a.Action).HasMaxLength(60);
        entity.Property(a => a.Target).HasMaxLength(200);
        entity.Property(a => a.Details).HasMaxLength(4000);
        entity.HasIndex(a => a.At);
    }
}
