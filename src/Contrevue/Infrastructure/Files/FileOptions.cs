namespace Contrevue.Infrastructure.Files;

/// <summary>Settings of the <c>Observatoire</c> section that concern sources' files.</summary>
public sealed class SourceFileOptions
{
    public const string Section = "Observatoire";

    /// <summary>Largest file accepted, after which uploads answer 413.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>What an office document (DOCX, ODT: a ZIP) may expand to, all its entries together; beyond, 413.</summary>
    public long MaxExpandedBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>What one entry of an office document may expand to; beyond, 413.</summary>
    public long MaxExpandedEntryBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Entries of an office document (a long report with images holds a few hundred); beyond, 415.</summary>
    public int MaxArchiveEntries { get; set; } = 1_000;

    /// <summary>Expanded size over compressed size for an entry above 1 MiB (text compresses 5 to 20 times); beyond, 413.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    public ArchiveLimits ArchiveLimits => new(MaxExpandedBytes, MaxExpandedEntryBytes, MaxArchiveEntries, MaxCompressionRatio);
}

/// <summary>
/// Settings of <c>Observatoire:Snapshots</c>: copies of a source's web page taken by the server. Off by
/// default: the server then fetches addresses chosen by its users, which an operator must decide to allow.
/// </summary>
public sealed class SnapshotOptions
{
    public const string Section = "Observatoire:Snapshots";

    public bool Enabled { get; set; }

    /// <summary>Largest page or document captured.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;
}
