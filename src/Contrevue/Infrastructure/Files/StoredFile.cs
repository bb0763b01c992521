using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Infrastructure.Files;

/// <summary>
/// An uploaded file, stored once by the SHA-256 of its (cleaned) bytes, in the database so that every
/// instance serves it. Only the extension of the uploaded name is kept: names often say who made them.
/// </summary>
public sealed class StoredFile
{
    public required string Sha256 { get; set; }
    public required string ContentType { get; set; }
    public required string Extension { get; set; }
    public long Length { get; set; }
    public DateTime CreatedAt { get; set; }
    public required byte[] Content { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> entity)
    {
        entity.ToTable("stored_files");
        entity.HasKey(f => f.Sha256);
        entity.Property(f => f.Sha256).HasMaxLength(64);
        entity.Property(f => f.ContentType).HasMaxLength(100);
        entity.Property(f => f.Extension).HasMaxLength(10);
    }
}
