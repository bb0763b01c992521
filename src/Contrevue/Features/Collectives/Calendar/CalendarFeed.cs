using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Collectives.Calendar;

/// <summary>A collective's secret, revocable calendar address: only a hash is stored.</summary>
public sealed class CalendarFeed
{
    public int Id { get; set; }
    public int CollectiveId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> entity)
    {
        entity.ToTable("calendar_feeds");
        entity.HasKey(f => f.Id);
        entity.Property(f => f.TokenHash).HasMaxLength(64);
        entity.HasIndex(f => f.TokenHash).IsUnique();
        entity.HasOne<Collective>().WithMany().HasForeignKey(f => f.CollectiveId).OnDelete(DeleteBehavior.Cascade);
    }
}
