using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contrevue.Infrastructure.Backup;

/// <summary>
/// <c>manifest.json</c>, the archive's table of contents: which app and schema made it, and for each
/// table its part, its row count and the SHA-256 of the part's bytes.
/// </summary>
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    string AppVersion,
    string Migration,
    string SourceProvider,
    DateTimeOffset CreatedAt,
    bool IncludesDataProtectionKeys,
    IReadOnlyList<BackupPart> Tables)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "contrevue-backup";
    public const int CurrentFormatVersion = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

public sealed record BackupPart(string Table, string File, long Rows, string Sha256);
