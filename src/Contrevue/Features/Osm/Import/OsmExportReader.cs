using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Xml;
using Contrevue.Features.Territories.Places;

namespace Contrevue.Features.Osm.Import;

public enum OsmExportFormat
{
    OverpassJson,
    OsmXml,
    GeoJson,
}

/// <summary>
/// Reads an OpenStreetMap export as a stream of nodes: Overpass API JSON, OSM XML (Overpass, JOSM,
/// osmium) or GeoJSON (osmtogeojson / overpass-turbo). The format is recognised from the content, the
/// file read forward only (XmlReader, Utf8JsonReader), never whole in memory.
/// </summary>
public static class OsmExportReader
{
    private const int MaxTagsPerNode = 500;
    private const int MaxTagLength = 255;

    /// <summary>Looks at the first characters: <c>&lt;</c> for XML; for JSON, reads up to the first key that tells Overpass from GeoJSON.</summary>
    public static async Task<OsmExportFormat> DetectAsync(Stream stream, CancellationToken cancellationToken)
    {
        var start = stream.Position;
        var head = new byte[4096];
        var length = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = start;
        var text = System.Text.Encoding.UTF8.GetString(head, 0, length).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<'))
        {
            return OsmExportFormat.OsmXml;
        }
        if (!text.StartsWith('{'))
        {
            throw new OsmImportException("Format non reconnu : ni JSON (Overpass, GeoJSON) ni XML OSM.");
        }
        var elements = text.IndexOf("\"elements\"", StringComparison.Ordinal);
        var features = text.IndexOf("\"features\"", StringComparison.Ordinal);
        var featureCollection = text.Contains("\"FeatureCollection\"", StringComparison.Ordinal);
        if (featureCollection || (features >= 0 && (elements < 0 || features < elements)))
        {
            return OsmExportFormat.GeoJson;
        }
        // Overpass writes "version", "generator", "osm3s" before "elements": any of them tells it apart.
        return OsmExportFormat.OverpassJson;
    }

    public static IAsyncEnumerable<OsmExportItem> ReadAsync(Stream stream, OsmExportFormat format, CancellationToken cancellationToken) => format switch
    {
        OsmExportFormat.OsmXml => ReadXmlAsync(stream, cancellationToken),
        OsmExportFormat.GeoJson => ReadGeoJsonAsync(stream, cancellationToken),
        _ => ReadOverpassJsonAsync(stream, cancellationToken),
    };

    private static async IAsyncEnumerable<OsmExportItem> ReadOverpassJsonAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var json = new JsonTokenStream(stream);
        await json.ExpectAsync(JsonTokenType.StartObject, cancellationToken);
        var sawElements = false;
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var name = json.Text;
            await json.NextAsync(cancellationToken);
            if (name == "osm3s" && json.TokenType == JsonTokenType.StartObject)
            {
                while (true)
                {
                    await json.NextAsync(cancellationToken);
                    if (json.TokenType == JsonTokenType.EndObject)
                    {
                        break;
                    }
                    var key = json.Text;
                    await json.NextAsync(cancellationToken);
                    if (key == "timestamp_osm_base" && json.TokenType == JsonTokenType.String)
                    {
                        yield return new OsmExportItem(null, ParseTimestamp(json.Text));
                    }
                    await json.SkipValueAsync(cancellationToken);
                }
            }
            else if (name == "elements" && json.TokenType == JsonTokenType.StartArray)
            {
                sawElements = true;
                while (true)
                {
                    await json.NextAsync(cancellationToken);
                    if (json.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }
                    if (json.TokenType != JsonTokenType.StartObject)
                    {
                        throw json.Error("élément attendu");
                    }
                    yield return await ReadOverpassElementAsync(json, cancellationToken);
                }
            }
            else
            {
                await json.SkipValueAsync(cancellationToken);
            }
        }
        if (!sawElements)
        {
            throw new OsmImportException("Ce JSON n'est pas une réponse de l'API Overpass : il n'a pas de liste « elements ».");
        }
    }

    private static async Task<OsmExportItem> ReadOverpassElementAsync(JsonTokenStream json, CancellationToken cancellationToken)
    {
        string? type = null;
        long? id = null;
        double? latitude = null, longitude = null;
        var version = 0;
        Dictionary<string, string> tags = [];
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var name = json.Text;
            await json.NextAsync(cancellationToken);
            switch (name)
            {
                case "type" when json.TokenType == JsonTokenType.String:
                    type = json.Text;
                    break;
                case "id" when json.TryGetLong(out var value):
                    id = value;
                    break;
                case "lat" when json.TryGetDouble(out var value):
                    latitude = value;
                    break;
                case "lon" when json.TryGetDouble(out var value):
                    longitude = value;
                    break;
                case "version" when json.TryGetLong(out var value):
                    version = (int)Math.Clamp(value, 0, int.MaxValue);
                    break;
                case "tags" when json.TokenType == JsonTokenType.StartObject:
                    tags = await ReadTagsAsync(json, cancellationToken);
                    break;
                default:
                    await json.SkipValueAsync(cancellationToken);
                    break;
            }
        }
        return type == "node" ? new OsmExportItem(Node(id, version, latitude, longitude, tags), null) : OsmExportItem.Ignored;
    }

    private static async Task<Dictionary<string, string>> ReadTagsAsync(JsonTokenStream json, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                return tags;
            }
            var key = json.Text;
            await json.NextAsync(cancellationToken);
            if (json.ScalarText is { } value)
            {
                AddTag(tags, key, value);
            }
            else
            {
                await json.SkipValueAsync(cancellationToken);
            }
        }
    }

    private static async IAsyncEnumerable<OsmExportItem> ReadGeoJsonAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var json = new JsonTokenStream(stream);
        await json.ExpectAsync(JsonTokenType.StartObject, cancellationToken);
        var sawFeatures = false;
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var name = json.Text;
            await json.NextAsync(cancellationToken);
            if (name == "timestamp" && json.TokenType == JsonTokenType.String)
            {
                yield return new OsmExportItem(null, ParseTimestamp(json.Text));
            }
            else if (name == "features" && json.TokenType == JsonTokenType.StartArray)
            {
                sawFeatures = true;
                while (true)
                {
                    await json.NextAsync(cancellationToken);
                    if (json.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }
                    if (json.TokenType != JsonTokenType.StartObject)
                    {
                        throw json.Error("objet Feature attendu");
                    }
                    yield return await ReadFeatureAsync(json, cancellationToken);
                }
            }
            else
            {
                await json.SkipValueAsync(cancellationToken);
            }
        }
        if (!sawFeatures)
        {
            throw new OsmImportException("Ce GeoJSON n'a pas de liste « features ».");
        }
    }

    /// <summary>
    /// A Feature of osmtogeojson: <c>id</c> or <c>properties.@id</c> = <c>node/123</c>, tags as properties
    /// (or, in older versions, under <c>properties.tags</c>, with <c>properties.meta.version</c>).
    /// </summary>
    private static async Task<OsmExportItem> ReadFeatureAsync(JsonTokenStream json, CancellationToken cancellationToken)
    {
        string? featureId = null;
        string? geometryType = null;
        double? latitude = null, longitude = null;
        var version = 0;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var name = json.Text;
            await json.NextAsync(cancellationToken);
            switch (name)
            {
                case "id":
                    featureId = json.ScalarText ?? featureId;
                    await json.SkipValueAsync(cancellationToken);
                    break;
                case "properties" when json.TokenType == JsonTokenType.StartObject:
                    while (true)
                    {
                        await json.NextAsync(cancellationToken);
                        if (json.TokenType == JsonTokenType.EndObject)
                        {
                            break;
                        }
                        var key = json.Text;
                        await json.NextAsync(cancellationToken);
                        if (key == "tags" && json.TokenType == JsonTokenType.StartObject)
                        {
                            foreach (var (k, v) in await ReadTagsAsync(json, cancellationToken))
                            {
                                AddTag(tags, k, v);
                            }
                        }
                        else if (key == "meta" && json.TokenType == JsonTokenType.StartObject)
                        {
                            foreach (var (k, v) in await ReadTagsAsync(json, cancellationToken))
                            {
                                if (k == "version" && int.TryParse(v, CultureInfo.InvariantCulture, out var metaVersion))
                                {
                                    version = metaVersion;
                                }
                            }
                        }
                        else if (key is "@id" or "id" && json.ScalarText is { } idText)
                        {
                            featureId ??= key == "id" && !idText.Contains('/') ? null : idText;
                        }
                        else if (key == "@version" && json.ScalarText is { } versionText)
                        {
                            version = int.TryParse(versionText, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                        }
                        else if (key.StartsWith('@') || key == "type")
                        {
                            await json.SkipValueAsync(cancellationToken);
                        }
                        else if (json.ScalarText is { } value)
                        {
                            AddTag(tags, key, value);
                        }
                        else
                        {
                            await json.SkipValueAsync(cancellationToken);
                        }
                    }
                    break;
                case "geometry" when json.TokenType == JsonTokenType.StartObject:
                    while (true)
                    {
                        await json.NextAsync(cancellationToken);
                        if (json.TokenType == JsonTokenType.EndObject)
                        {
                            break;
                        }
                        var key = json.Text;
                        await json.NextAsync(cancellationToken);
                        if (key == "type" && json.TokenType == JsonTokenType.String)
                        {
                            geometryType = json.Text;
                        }
                        else if (key == "coordinates" && json.TokenType == JsonTokenType.StartArray)
                        {
                            var position = new List<double>(3);
                            while (true)
                            {
                                await json.NextAsync(cancellationToken);
                                if (json.TokenType == JsonTokenType.EndArray)
                                {
                                    break;
                                }
                                if (json.TryGetDouble(out var coordinate))
                                {
                                    position.Add(coordinate);
                                }
                                else
                                {
                                    await json.SkipValueAsync(cancellationToken);
                                }
                            }
                            if (position.Count >= 2)
                            {
                                (longitude, latitude) = (position[0], position[1]);
                            }
                        }
                        else
                        {
                            await json.SkipValueAsync(cancellationToken);
                        }
                    }
                    break;
                default:
                    await json.SkipValueAsync(cancellationToken);
                    break;
            }
        }
        if (geometryType != "Point" || featureId is null || !featureId.StartsWith("node/", StringComparison.Ordinal))
        {
            return OsmExportItem.Ignored;
        }
        long? id = long.TryParse(featureId.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var nodeId) ? nodeId : null;
        return new OsmExportItem(Node(id, version, latitude, longitude, tags), null);
    }

    private static async IAsyncEnumerable<OsmExportItem> ReadXmlAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            MaxCharactersInDocument = 0,
            MaxCharactersFromEntities = 1024,
        };
        using var reader = XmlReader.Create(stream, settings);
        var sawRoot = false;
        while (true)
        {
            bool read;
            try
            {
                read = await reader.ReadAsync();
            }
            catch (XmlException exception)
            {
                throw new OsmImportException($"XML illisible (ligne {exception.LineNumber}, colonne {exception.LinePosition}).");
            }
            if (!read)
            {
                break;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (!sawRoot)
            {
                if (reader.LocalName != "osm")
                {
                    throw new OsmImportException("Ce XML n'est pas un fichier OSM : sa racine n'est pas <osm>.");
                }
                sawRoot = true;
                continue;
            }
            switch (reader.LocalName)
            {
                case "meta" when reader.Depth == 1 && reader.GetAttribute("osm_base") is { } osmBase:
                    yield return new OsmExportItem(null, ParseTimestamp(osmBase));
                    break;
                case "node" when reader.Depth == 1:
                    yield return new OsmExportItem(await ReadXmlNodeAsync(reader), null);
                    break;
                case "way" or "relation" when reader.Depth == 1:
                    yield return OsmExportItem.Ignored;
                    break;
            }
        }
        if (!sawRoot)
        {
            throw new OsmImportException("XML vide.");
        }
    }

    private static async Task<OsmNode> ReadXmlNodeAsync(XmlReader reader)
    {
        long? id = long.TryParse(reader.GetAttribute("id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
        double? latitude = double.TryParse(reader.GetAttribute("lat"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) ? lat : null;
        double? longitude = double.TryParse(reader.GetAttribute("lon"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) ? lon : null;
        var version = int.TryParse(reader.GetAttribute("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            try
            {
                while (await reader.ReadAsync() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "tag" && reader.GetAttribute("k") is { } k && reader.GetAttribute("v") is { } tagValue)
                    {
                        AddTag(tags, k, tagValue);
                    }
                }
            }
            catch (XmlException exception)
            {
                throw new OsmImportException($"XML illisible (ligne {exception.LineNumber}, colonne {exception.LinePosition}).");
            }
        }
        return Node(id, version, latitude, longitude, tags);
    }

    private static OsmNode Node(long? id, int version, double? latitude, double? longitude, Dictionary<string, string> tags)
    {
        if (id is not > 0)
        {
            throw new OsmImportException($"Nœud sans identifiant valide ({id?.ToString(CultureInfo.InvariantCulture) ?? "absent"}).");
        }
        if (latitude is not { } lat || longitude is not { } lon || !double.IsFinite(lat) || !double.IsFinite(lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            throw new OsmImportException($"Le nœud {id} n'a pas de coordonnées valides.");
        }
        return new OsmNode(id.Value, version, lat, lon, tags);
    }

    private static void AddTag(Dictionary<string, string> tags, string key, string value)
    {
        if (tags.Count >= MaxTagsPerNode)
        {
            throw new OsmImportException($"Un nœud porte plus de {MaxTagsPerNode} étiquettes.");
        }
        if (key.Length > MaxTagLength || value.Length > MaxTagLength)
        {
            // OSM itself caps keys and values at 255 characters: a longer one is no OSM data.
            throw new OsmImportException($"Étiquette trop longue ({key[..Math.Min(key.Length, 40)]}…) : OSM limite clés et valeurs à 255 caractères.");
        }
        tags[key] = value;
    }

    private static DateTime ParseTimestamp(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : throw new OsmImportException($"Date d'export illisible : « {text[..Math.Min(text.Length, 40)]} ».");
}
