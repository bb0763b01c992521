namespace Contrevue.Features.Observatoire.Files;

/// <summary>Settings of the <c>Observatoire</c> section that concern sources' files.</summary>
public sealed class SourceFileOptions
{
    public const string Section = "Observatoire";

    /// <summary>Largest file accepted, after which uploads answer 413.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
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
