using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contrevue.Features.OpenData;

/// <summary>One file of the dumps, as <c>manifest.json</c> records it.</summary>
public sealed record OpenDataFile(string Name, string Dataset, string Format, long Bytes, string Sha256, int Rows, DateTime GeneratedAt);

/// <summary>What the last dump wrote: the page and the file endpoint read it, never the folder's listing.</summary>
public sealed record OpenDataManifest(DateTime GeneratedAt, IReadOnlyList<OpenDataFile> Files)
{
    public const string FileName = "manifest.json";
    public const string ChecksumsFileName = "SHA256SUMS";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public OpenDataFile? Find(string name) => Files.FirstOrDefault(f => f.Name == name);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The manifest of a folder, or null when none was written yet (or it cannot be read).</summary>
    public static OpenDataManifest? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<OpenDataManifest>(stream, Json);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
