using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Features.Veille;

/// <summary>
/// One press or web article of the news watch: where and when it was published, what it says, and the
/// territories and observatoire dossiers it concerns. <see cref="CanonicalUrl"/> (the address without its
/// tracking parameters) is unique, so that the same article is never entered twice.
/// </summary>
public sealed class Article
{
    public const int MaxTitleLength = 300;
    public const int MaxOutletLength = 120;
    public const int MaxAuthorLength = 200;
    public const int MaxUrlLength = ArticleUrl.MaxLength;
    public const int MaxSummaryLength = 4_000;
    public const int MaxTags = 12;
    public const int MaxTagLength = 40;
    public const int MaxTerritories = 30;
    public const int MaxDossiers = 20;

    public int Id { get; set; }
    public required string Title { get; set; }
    /// <summary>The newspaper, site or channel: « Le Progrès », « Mediapart ».</summary>
    public required string Outlet { get; set; }
    public string? Author { get; set; }
    public DateOnly PublishedOn { get; set; }
    /// <summary>The address as it was given (tracking parameters included), kept for the record.</summary>
    public required string Url { get; set; }
    /// <summary>The address without tracking parameters, fragment or default port, its host in lower case (<see cref="ArticleUrl"/>).</summary>
    public required string CanonicalUrl { get; set; }
    public string? Summary { get; set; }
    /// <summary>Who published it: an account, or null when a moderator accepted a public proposal.</summary>
    public string? CreatedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<ArticleTag> Tags { get; set; } = [];
    public List<ArticleTerritory> Territories { get; set; } = [];
    public List<ArticleDossier> Dossiers { get; set; } = [];

    public string Slug => Infrastructure.Text.SearchText.Slug(Title) is { Length: > 0 } slug ? (slug.Length > 80 ? slug[..80].TrimEnd('-') : slug) : "article";

    public string PagePath => $"/veille/{Id}-{Slug}";
}

/// <summary>A tag of an article, in its normal form (<see cref="ArticleTags.Normalize"/>): « reconnaissance-faciale ».</summary>
public sealed class ArticleTag
{
    public int ArticleId { get; set; }
    public required string Tag { get; set; }
}

/// <summary>A territory an article concerns, with the département it lies in (for the département filter and pages).</summary>
public sealed class ArticleTerritory
{
    public int ArticleId { get; set; }
    public TerritoryKind Kind { get; set; }
    public required string Code { get; set; }
    /// <summary>The département of a commune, or the département itself; null for a région or an EPCI across several.</summary>
    public string? DepartementCode { get; set; }

    public TerritoryReference Reference => new(Kind, Code);
}

/// <summary>An observatoire dossier an article is a source or a piece of news about.</summary>
public sealed class ArticleDossier
{
    public int ArticleId { get; set; }
    public int DossierId { get; set; }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{

    public void Configure(EntityTypeBuilder<Article> entity)
    {
        entity.ToTable("articles");
        entity.HasKey(a => a.Id);
        entity.Property(a => a.Title).HasMaxLength(Article.MaxTitleLength);
        entity.Property(a => a.Outlet).HasMaxLength(Article.MaxOutletLength);
        entity.Property(a => a.Author).HasMaxLength(Article.MaxAuthorLength);
        entity.Property(a => a.Url).HasMaxLength(Article.MaxUrlLength);
        entity.Property(a => a.CanonicalUrl).HasMaxLength(Article.MaxUrlLength);
        entity.Property(a => a.Summary).HasMaxLength(Article.MaxSummaryLength);
        entity.Property(a => a.CreatedByUserId).HasMaxLength(450);
        entity.Ignore(a => a.Slug);
        entity.Ignore(a => a.PagePath);
        entity.HasIndex(a => a.CanonicalUrl).IsUnique();
        // The lists' order (newest first) and their keyset paging.
        entity.HasIndex(a => new { a.PublishedOn, a.Id });
        entity.HasIndex(a => a.Outlet);
        entity.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(a => a.Territories).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        entity.HasMany(a => a.Dossiers).WithOne().HasForeignKey(d => d.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> entity)
    {
        entity.ToTable("article_tags");
        entity.HasKey(t => new { t.ArticleId, t.Tag });
        entity.Property(t => t.Tag).HasMaxLength(Article.MaxTagLength);
        entity.HasIndex(t => t.Tag);
    }
}

internal sealed class ArticleTerritoryConfiguration : IEntityTypeConfiguration<ArticleTerritory>
{
    public void Configure(EntityTypeBuilder<ArticleTerritory> entity)
    {
        entity.ToTable("article_territories");
        entity.HasKey(t => new { t.ArticleId, t.Kind, t.Code });
        entity.Property(t => t.Code).HasMaxLength(9);
        entity.Property(t => t.DepartementCode).HasMaxLength(3);
        entity.Ignore(t => t.Reference);
        entity.HasIndex(t => new { t.Kind, t.Code });
        entity.HasIndex(t => t.DepartementCode);
    }
}

internal sealed class ArticleDossierConfiguration : IEntityTypeConfiguration<ArticleDossier>
{
    public void Configure(EntityTypeBuilder<ArticleDossier> entity)
    {
        entity.ToTable("article_dossiers");
        entity.HasKey(d => new { d.ArticleId, d.DossierId });
        entity.HasIndex(d => d.DossierId);
        // A deleted dossier leaves its articles, unlinked. By CLR type found by name, as the events do: the
        // dossiers are configured after the articles, and a name alone would make EF invent a shared-type entity.
        entity.HasOne(typeof(ArticleDossier).Assembly.GetType("Contrevue.Features.Observatoire.Dossier", throwOnError: true)!, null).WithMany()
            .HasForeignKey(nameof(ArticleDossier.DossierId)).OnDelete(DeleteBehavior.Cascade);
    }
}
