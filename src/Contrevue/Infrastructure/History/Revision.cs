using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Infrastructure.History;

/// <summary>One change to a moderated entity: who, when, why, and the values before and after.</summary>
public sealed class Revision
{
    public int Id { get; set; }
    public required string EntityType { get; set; }
    public required string EntityKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? AuthorUserId { get; set; }
    public int? AuthorProposalId { get; set; }
    public string? Reason { get; set; }
    public string? Before { get; set; }
    public required string After { get; set; }
    public int? RevertsRevisionId { get; set; }
}

public sealed record FieldChange(string Field, string? Before, string? After);

public sealed record RevisionAuthor(string Kind, string Label, int? ProposalId)
{
    /// <summary>
    /// Public wording of an author: a public contribution by its number; an account by a short
    /// pseudonymous reference, never its e-mail (moderators are activists too).
    /// </summary>
    public static RevisionAuthor Of(Revision revision) =>
        revision.AuthorProposalId is { } proposalId
            ? new RevisionAuthor("public-contribution", $"public contribution #{proposalId}", proposalId)
            : new RevisionAuthor("account", $"account {revision.AuthorUserId?[..Math.Min(8, revision.AuthorUserId.Length)]}", null);
}

public sealed record RevisionDto(int Id, DateTime At, RevisionAuthor Author, string? Reason, IReadOnlyList<FieldChange> Changes, int? RevertsRevision);

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> entity)
    {
        entity.ToTable("revisions");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.EntityType).HasMaxLength(40);
        entity.Property(r => r.EntityKey).HasMaxLength(60);
        entity.Property(r => r.AuthorUserId).HasMaxLength(450);
        entity.Property(r => r.Reason).HasMaxLength(2000);
        // No length: a dossier with its sources is one revision (requests are capped at 64 KiB).
        entity.HasIndex(r => new { r.EntityType, r.EntityKey, r.Id });
    }
}
