using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Campaigns;

/// <summary>
/// A letter campaign to authorities ("Pas de VSA dans ma ville"): its demand and the letter every
/// sender personalises. Campaigns are data: several may run, admins edit them.
/// </summary>
public sealed class Campaign
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    /// <summary>What the campaign asks of each authority, in Markdown.</summary>
    public required string Demand { get; set; }
    public required string LetterSubject { get; set; }
    /// <summary>
    /// The letter's body, paragraphs separated by a blank line, with fields between braces:
    /// <c>{territoire}</c>, <c>{destinataire}</c>, <c>{expediteur}</c>, <c>{paragraphe_personnel}</c>,
    /// <c>{date}</c>, <c>{ville_expediteur}</c>.
    /// </summary>
    public required string LetterTemplate { get; set; }
    /// <summary>Territory kinds written to, comma-separated codes: "commune" by default.</summary>
    public string TargetLevels { get; set; } = "commune";
    /// <summary>Days after sending when the sender is asked whether the authority answered.</summary>
    public string FollowUpDays { get; set; } = "14,28";
    public bool IsOpen { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> entity)
    {
        entity.ToTable("campaigns");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.Slug).HasMaxLength(80);
        entity.Property(c => c.Title).HasMaxLength(200);
        entity.Property(c => c.Demand).HasMaxLength(10_000);
        entity.Property(c => c.LetterSubject).HasMaxLength(300);
        entity.Property(c => c.LetterTemplate).HasMaxLength(20_000);
        entity.Property(c => c.TargetLevels).HasMaxLength(100);
        entity.Property(c => c.FollowUpDays).HasMaxLength(100);
        entity.HasIndex(c => c.Slug).IsUnique();
    }
}
