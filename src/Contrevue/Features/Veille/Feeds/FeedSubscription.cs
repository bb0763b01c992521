using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>
/// A partner site's RSS, Atom or JSON feed that moderators follow: polled when <see cref="NextPollAt"/> comes,
/// conditionally (<see cref="ETag"/>, <see cref="LastModified"/>), paused after repeated failures with the last
/// error kept for the moderators to read. Its items wait in the review queue (<see cref="FeedItem"/>).
/// </summary>
public sealed class FeedSubscription
{
    public const int MaxTitleLength = 120;
    public const int MaxKeywords = 30;
    public const int MaxKeywordLength = 60;
    public const int MaxErrorLength = 500;

    public int Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The name moderators gave, or the feed's own once read; the outlet of its articles.</summary>
    public string? Title { get; set; }
    /// <summary>The keywords an item's title or summary must name (one of them), one per line; empty: every item.</summary>
    public string Keywords { get; set; } = "";
    public bool Paused { get; set; }
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTime NextPollAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public IReadOnlyList<string> KeywordList => Keywords.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public enum FeedItemStatus
{
    Pending = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>
/// An item a feed brought, waiting for a moderator (or decided: kept, so that the next poll does not bring it
/// back). Unique across feeds by <see cref="SourceId"/>, <see cref="CanonicalUrl"/> and <see cref="NormalizedTitle"/>:
/// the same article syndicated by two partners waits once.
/// </summary>
public sealed class FeedItem
{
    public const int MaxSourceIdLength = 500;

    public int Id { get; set; }
    public int FeedId { get; set; }
    /// <summary>The item's id in its feed (RSS guid, Atom id, JSON Feed id), else its link.</summary>
    public required string SourceId { get; set; }
    public string? CanonicalUrl { get; set; }
    /// <summary>The link as the feed gave it, resolved against the feed's address.</summary>
    public string? Url { get; set; }
    /// <summary>Lower case, no accents, punctuation and spaces folded (<see cref="Infrastructure.Text.SearchText.Normalize"/>).</summary>
    public required string NormalizedTitle { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    public string? Outlet { get; set; }
    public string? Author { get; set; }
    public DateTime? PublishedAt { get; set; }
    /// <summary>The territories the title and summary name (<see cref="Territories.Mentions.TerritoryMention"/>s, as JSON).</summary>
    public string SuggestedTerritories { get; set; } = "[]";
    public FeedItemStatus Status { get; set; }
    public int? ArticleId { get; set; }
    public DateTime FetchedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}

internal sealed class FeedSubscriptionConfiguration : IEntityTypeConfiguration<FeedSubscription>
{
    public void Configure(EntityTypeBuilder<FeedSubscription> entity)
    {
        entity.ToTable("feed_subscriptions");
        entity.HasKey(f => f.Id);
        entity.Property(f => f.Url).HasMaxLength(Infrastructure.Fetching.SourceSnapshotter.MaxAddressLength);
        entity.Property(f => f.Title).HasMaxLength(FeedSubscription.MaxTitleLength);
        entity.Property(f => f.Keywords).HasMaxLength(FeedSubscription.MaxKeywords * (FeedSubscription.MaxKeywordLength + 1));
        entity.Property(f => f.ETag).HasMaxLength(300);
        entity.Property(f => f.LastModified).HasMaxLength(100);
        entity.Property(f => f.LastError).HasMaxLength(FeedSubscription.MaxErrorLength);
        entity.Ignore(f => f.KeywordList);
        entity.HasIndex(f => f.Url).IsUnique();
        entity.HasIndex(f => new { f.Paused, f.NextPollAt });
    }
}

internal sealed class FeedItemConfiguration : IEntityTypeConfiguration<FeedItem>
{
    public void Configure(EntityTypeBuilder<FeedItem> entity)
    {
        entity.ToTable("feed_items");
        entity.HasKey(i => i.Id);
        entity.Property(i => i.SourceId).HasMaxLength(FeedItem.MaxSourceIdLength);
        entity.Property(i => i.CanonicalUrl).HasMaxLength(Article.MaxUrlLength);
        entity.Property(i => i.Url).HasMaxLength(Article.MaxUrlLength);
        entity.Property(i => i.NormalizedTitle).HasMaxLength(Article.MaxTitleLength * 2);
        entity.Property(i => i.Title).HasMaxLength(Article.MaxTitleLength);
        entity.Property(i => i.Summary).HasMaxLength(Article.MaxSummaryLength);
        entity.Property(i => i.Outlet).HasMaxLength(Article.MaxOutletLength);
        entity.Property(i => i.Author).HasMaxLength(Article.MaxAuthorLength);
        entity.Property(i => i.SuggestedTerritories).HasMaxLength(20_000);
        // De-duplication across feeds, held by the database even with several instances polling.
        entity.HasIndex(i => i.SourceId).IsUnique();
        entity.HasIndex(i => i.CanonicalUrl).IsUnique();
        entity.HasIndex(i => i.NormalizedTitle).IsUnique();
        entity.HasIndex(i => new { i.Status, i.FetchedAt });
        entity.HasOne<FeedSubscription>().WithMany().HasForeignKey(i => i.FeedId).OnDelete(DeleteBehavior.Cascade);
        entity.HasOne<Article>().WithMany().HasForeignKey(i => i.ArticleId).OnDelete(DeleteBehavior.SetNull);
    }
}
