namespace Contrevue.Features.Carte;

/// <summary>Settings of the public map (section <c>Carte</c>).</summary>
public sealed class CarteOptions
{
    /// <summary>A PMTiles basemap (a France extract of a Protomaps build), or none: the map then draws no background tiles.</summary>
    public string? BasemapFile { get; set; }

    /// <summary>Memory kept for rendered tiles, all layers together.</summary>
    public long TileCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a layer's version, once read, is trusted before it is read again: a tile request then costs
    /// no query at all, and an edit shows on the map at most this much later.
    /// </summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}
