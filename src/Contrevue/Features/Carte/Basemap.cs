using System.Security.Cryptography;
using Contrevue.Infrastructure;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.Carte;

/// <summary>
/// The optional PMTiles basemap (<c>Carte:BasemapFile</c>), served under a name that carries a digest of its
/// content: browsers keep it for a year, and a new file gets a new name. The digest is computed once per
/// file (path, size, modification date), on first use.
/// </summary>
[Seam]
public sealed class Basemap(IOptionsMonitor<CarteOptions> options)
{
    private readonly Lock _lock = new();
    private (string Path, long Length, DateTime Modified, string Version)? _known;

    /// <summary>The file and its version, or null when none is configured or the file is missing.</summary>
    public (FileInfo File, string Version)? Current()
    {
        var path = options.CurrentValue.BasemapFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }
        lock (_lock)
        {
            if (_known is { } known && known.Path == file.FullName && known.Length == file.Length && known.Modified == file.LastWriteTimeUtc)
            {
                return (file, known.Version);
            }
        }
        string version;
        using (var stream = file.OpenRead())
        {
            version = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        }
        lock (_lock)
        {
            _known = (file.FullName, file.Length, file.LastWriteTimeUtc, version);
        }
        return (file, version);
    }

    public static string PathOf(string version) => $"/carte/fond-{version}.pmtiles";
}
