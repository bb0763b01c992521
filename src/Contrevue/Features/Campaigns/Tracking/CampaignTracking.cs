using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Campaigns.Tracking;

public enum RequestChannel
{
    Email = 0,
    Post = 1,
    RegisteredPost = 2,
    InPerson = 3,
    CouncilQuestion = 4,
}

public enum ResponseKind
{
    Committed = 0,
    Partial = 1,
    Refused = 2,
    Evasive = 3,
}

/// <summary>Why a request's follow-up ended; its e-mail address is erased at that moment.</summary>
public enum FollowUpEnd
{
    Answered = 0,
    Stopped = 1,
    Completed = 2,
    Expired = 3,
}

/// <summary>
/// "I sent it": one sender's letter to one authority. Public counts use the territory, date and
/// channel only; the public name is shown only if given, the e-mail never.
/// </summary>
public sealed class CampaignRequest
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public TerritoryKind TerritoryKind { get; set; }
    public required string TerritoryCode { get; set; }
    public DateOnly SentOn { get; set; }
    public RequestChannel Channel { get; set; }
    /// <summary>For a registered letter: the date on its avis de réception.</summary>
    public DateOnly? ReceivedOn { get; set; }
    public string? PublicName { get; set; }

    /// <summary>Private, for the follow-up e-mails only; erased when the follow-up ends.</summary>
    public string? ContactEmail { get; set; }
    public int FollowUpsSent { get; set; }
    public DateTime? FollowUpEndedAt { get; set; }
    public FollowUpEnd? FollowUpEnd { get; set; }
    public DateTime CreatedAt { get; set; }

    public TerritoryReference Territory => new(TerritoryKind, TerritoryCode);
}

/// <summary>A published answer of an authority. Answers reported by the public wait as proposals until a moderator approves them.</summary>
public sealed class CampaignResponse
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public TerritoryKind TerritoryKind { get; set; }
    public required string TerritoryCode { get; set; }
    public DateOnly RespondedOn { get; set; }
    public ResponseKind Kind { get; set; }
    /// <summary>The decisive sentence of the reply, quoted.</summary>
    public string? Quote { get; set; }
    public string? SourceUrl { get; set; }
    /// <summary>The reply itself (scan or PDF), stored with the observatoire's upload rules.</summary>
    public string? FileSha256 { get; set; }
    /// <summary>Who reported it, as shown: a public name, or the moderation team.</summary>
    public required string ReportedBy { get; set; }
    public string? RecordedByUserId { get; set; }
    public int? ProposalId { get; set; }
    public DateTime CreatedAt { get; set; }

    public TerritoryReference Territory => new(TerritoryKind, TerritoryCode);
}

internal sealed class CampaignRequestConfiguration : IEntityTypeConfiguration<CampaignRequest>
{
    public void Configure(EntityTypeBuilder<CampaignRequest> entity)
    {
        entity.ToTable("campaign_requests");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.TerritoryCode).HasMaxLength(9);
        entity.Property(r => r.PublicName).HasMaxLength(100);
        entity.Property(r => r.ContactEmail).HasMaxLength(254);
        entity.Ignore(r => r.Territory);
        entity.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(r => new { r.CampaignId, r.TerritoryKind, r.TerritoryCode });
        entity.HasIndex(r => new { r.FollowUpEndedAt, r.SentOn });
    }
}

internal sealed class CampaignResponseConfiguration : IEntityTypeConfiguration<CampaignResponse>
{
    public void Configure(EntityTypeBuilder<CampaignResponse> entity)
    {
        entity.ToTable("campaign_responses");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.TerritoryCode).HasMaxLength(9);
        entity.Property(r => r.Quote).HasMaxLength(5000);
        entity.Property(r => r.SourceUrl).HasMaxLength(2000);
        entity.Property(r => r.FileSha256).HasMaxLength(64);
        entity.Property(r => r.ReportedBy).HasMaxLength(100);
        entity.Property(r => r.RecordedByUserId).HasMaxLength(450);
        entity.Ignore(r => r.Territory);
        entity.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        entity.HasIndex(r => new { r.CampaignId, r.TerritoryKind, r.TerritoryCode, r.RespondedOn });
        entity.HasIndex(r => new { r.CampaignId, r.CreatedAt });
        entity.HasIndex(r => r.FileSha256);
    }
}

/// <summary>
/// Anyone may say a mairie's letter looks like many others; we only keep, per campaign, a hash of each
/// personal paragraph (normalised) and how often it was used — never who wrote it, nor the text.
/// </summary>
public sealed class ParagraphFingerprint
{
    public int CampaignId { get; set; }
    public required string Hash { get; set; }
    public int Uses { get; set; }
}

internal sealed class ParagraphFingerprintConfiguration : IEntityTypeConfiguration<ParagraphFingerprint>
{
    public void Configure(EntityTypeBuilder<ParagraphFingerprint> entity)
    {
        entity.ToTable("campaign_paragraph_fingerprints");
        entity.HasKey(f => new { f.CampaignId, f.Hash });
        entity.Property(f => f.Hash).HasMaxLength(64);
        entity.HasOne<Campaign>().WithMany().HasForeignKey(f => f.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
