using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contrevue.Features.Territories.Import;

/// <summary>
/// A release of <c>@etalab/decoupage-administratif</c>: a folder holding <c>regions.json</c>,
/// <c>departements.json</c>, <c>epci.json</c> and <c>communes.json</c>, each possibly gzip-compressed
/// (<c>.json.gz</c>), as vendored under <c>data/decoupage-administratif</c>.
/// </summary>
public sealed class TerritorySource
{
    private static readonly string[] FileNames = ["regions", "departements", "epci", "communes"];

    private readonly Dictionary<string, byte[]> _files;

    private TerritorySource(string folder, Dictionary<string, byte[]> files, string hash)
    {
        Folder = folder;
        _files = files;
        Hash = hash;
    }

    public string Folder { get; }

    /// <summary>SHA-256 of the uncompressed files, so that the same release gives the same hash however it is stored.</summary>
    public string Hash { get; }

    public static string BundledFolder => Path.Combine(AppContext.BaseDirectory, "data", "decoupage-administratif");

    public static async Task<TerritorySource> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new TerritoryImportException($"Dossier introuvable : {folder}");
        }
        var files = new Dictionary<string, byte[]>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in FileNames)
        {
            var bytes = await ReadFileAsync(folder, name, cancellationToken);
            files[name] = bytes;
            hash.AppendData(bytes);
        }
        return new TerritorySource(Path.GetFullPath(folder), files, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public IReadOnlyList<SourceRegion> Regions => Parse<SourceRegion>("regions");
    public IReadOnlyList<SourceDepartement> Departements => Parse<SourceDepartement>("departements");
    public IReadOnlyList<SourceEpci> Epcis => Parse<SourceEpci>("epci");
    public IReadOnlyList<SourceCommune> Communes => Parse<SourceCommune>("communes");

    private List<T> Parse<T>(string name)
    {
        try
        {
            return JsonSerializer.Deserialize<List<T>>(_files[name], JsonOptions)
                ?? throw new TerritoryImportException($"{name}.json est vide.");
        }
        catch (JsonException exception)
        {
            throw new TerritoryImportException($"{name}.json n'a pas le format attendu : {exception.Message}");
        }
    }

    private static async Task<byte[]> ReadFileAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var plain = Path.Combine(folder, name + ".json");
        if (File.Exists(plain))
        {
            return await File.ReadAllBytesAsync(plain, cancellationToken);
        }
        var compressed = plain + ".gz";
        if (File.Exists(compressed))
        {
            await using var file = File.OpenRead(compressed);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var memory = new MemoryStream();
            await gzip.CopyToAsync(memory, cancellationToken);
            return memory.ToArray();
        }
        throw new TerritoryImportException($"Fichier manquant dans {folder} : {name}.json (ou {name}.json.gz).");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

public sealed class TerritoryImportException(string message) : Exception(message);

public sealed record SourceRegion(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("nom")] string Name,
    [property: JsonPropertyName("zone")] string? Zone);

public sealed record SourceDepartement(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("nom")] string Name,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("zone")] string? Zone);

public sealed record SourceEpciMember(
    [property: JsonPropertyName("code")] string Code);

public sealed record SourceEpci(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("nom")] string Name,
    [property: JsonPropertyName("type")] string Kind,
    [property: JsonPropertyName("modeFinancement")] string? FinancingMode,
    [property: JsonPropertyName("populationMunicipale")] long? Population,
    [property: JsonPropertyName("membres")] IReadOnlyList<SourceEpciMember>? Members);

public sealed record SourceCommune(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("nom")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("departement")] string Departement,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("siren")] string? Siren,
    [property: JsonPropertyName("population")] int? Population,
    [property: JsonPropertyName("codesPostaux")] IReadOnlyList<string>? PostalCodes,
    [property: JsonPropertyName("anciensCodes")] IReadOnlyList<string>? FormerCodes,
    [property: JsonPropertyName("chefLieu")] string? ChefLieu,
    [property: JsonPropertyName("commune")] string? City);
