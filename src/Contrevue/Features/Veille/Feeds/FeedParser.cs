using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>One item as a feed gave it, its text made plain and its link absolute.</summary>
public sealed record ParsedItem(string SourceId, string? Url, string Title, string? Summary, string? Author, DateTimeOffset? PublishedAt);

/// <summary>A feed read, or the French reason it could not be.</summary>
public sealed record ParsedFeed(string? Title, IReadOnlyList<ParsedItem> Items, string? Error = null)
{
    public static ParsedFeed Failed(string error) => new(null, [], error);
}

/// <summary>
/// Reads RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed 1.x from the bytes a site sent, with what real feeds get
/// wrong: an encoding declared that the bytes contradict (Latin-1 bytes under <c>encoding="UTF-8"</c>, and the
/// reverse), dates in French locales or unreadable (<see cref="FeedDates"/>), relative links (resolved against
/// <c>xml:base</c> and the feed's address), HTML and entities in titles, the same id twice in one feed. DTDs are
/// refused (no entity expansion, nothing fetched). It never throws on content: a broken feed is an error message.
/// </summary>
/// <remarks>
/// Hand-written over <see cref="XDocument"/> rather than <c>SyndicationFeed</c>: that one reads neither RSS 1.0 nor
/// JSON Feed, and throws on the first date it cannot read, losing the whole feed for one bad item.
/// </remarks>
public static partial class FeedParser
{
    public const int MaxItems = 500;

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    public static ParsedFeed Parse(byte[] bytes, string? charset, Uri address)
    {
        try
        {
            var start = FirstSignificantByte(bytes);
            if (start < bytes.Length && bytes[start] == (byte)'{')
            {
                return ParseJson(bytes.AsMemory(start), address);
            }
            return ParseXml(Decode(bytes, charset), address);
        }
        catch (XmlException exception) when (exception.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return ParsedFeed.Failed("Flux refusé : les déclarations DTD (<!DOCTYPE>) ne sont pas acceptées.");
        }
        catch (XmlException exception)
        {
            return ParsedFeed.Failed(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Flux illisible : XML mal formé (ligne {0}, colonne {1}).", exception.LineNumber, exception.LinePosition));
        }
        catch (JsonException)
        {
            return ParsedFeed.Failed("Flux illisible : JSON mal formé.");
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException or UriFormatException or RegexMatchTimeoutException)
        {
            return ParsedFeed.Failed("Flux illisible : son contenu n'est pas celui d'un flux RSS, Atom ou JSON Feed.");
        }
    }

    private static int FirstSignificantByte(byte[] bytes)
    {
        var i = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (i < bytes.Length && bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }
        return i;
    }

    /// <summary>
    /// The document's text. A BOM is believed; then the encoding the bytes can be: UTF-8 if they are valid UTF-8
    /// (whatever is declared: valid UTF-8 holding accents is almost never Latin-1 text), else the declared or
    /// announced single-byte encoding, else Windows-1252 (which reads ISO-8859-1 too).
    /// </summary>
    internal static string Decode(byte[] bytes, string? charset)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var offset = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return utf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            var declared = DeclaredEncoding(bytes) ?? charset?.Trim('"', ' ');
            return SingleByte(declared).GetString(bytes, offset, bytes.Length - offset);
        }
    }

    private static Encoding SingleByte(string? name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        if (name is not null && !name.StartsWith("utf", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var encoding = Encoding.GetEncoding(name);
                if (encoding.IsSingleByte)
                {
                    // ISO-8859-1 as declared is Windows-1252 as written (curly quotes, the euro sign).
                    return encoding.CodePage == 28591 ? Encoding.GetEncoding(1252) : encoding;
                }
            }
            catch (ArgumentException)
            {
            }
        }
        return Encoding.GetEncoding(1252);
    }

    private static string? DeclaredEncoding(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        var match = XmlDeclarationEncoding().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static ParsedFeed ParseXml(string text, Uri address)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            MaxCharactersInDocument = 20_000_000,
        };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var document = XDocument.Load(reader);
        var root = document.Root ?? throw new InvalidOperationException();
        if (root.Name.LocalName == "rss")
        {
            var channel = root.Element("channel") ?? throw new InvalidOperationException();
            return Build(Text(channel.Element("title")), channel.Elements("item").Select(item => RssItem(item, address, "")));
        }
        if (root.Name == Rdf + "RDF")
        {
            var channel = root.Element(Rss10 + "channel");
            return Build(Text(channel?.Element(Rss10 + "title")), root.Elements(Rss10 + "item").Select(item => RssItem(item, address, Rss10)));
        }
        if (root.Name == Atom + "feed")
        {
            return Build(Text(root.Element(Atom + "title")), root.Elements(Atom + "entry").Select(entry => AtomEntry(entry, address)));
        }
        return ParsedFeed.Failed("Ce document n'est pas un flux RSS, Atom ou JSON Feed.");
    }

    private static ParsedItem? RssItem(XElement item, Uri address, XNamespace ns)
    {
        var baseUri = BaseOf(item, address);
        var url = Absolute(baseUri, Text(item.Element(ns + "link")));
        var sourceId = Text(item.Element(ns + "guid")) ?? item.Attribute(Rdf + "about")?.Value;
        var summary = Text(item.Element(ns + "description")) ?? Text(item.Element(Content + "encoded"));
        var date = Text(item.Element(ns + "pubDate")) ?? Text(item.Element(Dc + "date"));
        var author = Text(item.Element(Dc + "creator")) ?? Text(item.Element(ns + "author"));
        return Item(sourceId, url, Text(item.Element(ns + "title")), summary, author, date);
    }

    private static ParsedItem? AtomEntry(XElement entry, Uri address)
    {
        var links = entry.Elements(Atom + "link").ToList();
        var link = links.FirstOrDefault(l => (l.Attribute("rel")?.Value ?? "alternate") == "alternate") ?? links.FirstOrDefault();
        var url = link is null ? null : Absolute(BaseOf(link, address), link.Attribute("href")?.Value);
        var summary = Text(entry.Element(Atom + "summary")) ?? Text(entry.Element(Atom + "content"));
        var date = Text(entry.Element(Atom + "published")) ?? Text(entry.Element(Atom + "updated"));
        var author = Text(entry.Element(Atom + "author")?.Element(Atom + "name"));
        return Item(Text(entry.Element(Atom + "id")), url, Text(entry.Element(Atom + "title")), summary, author, date);
    }

    private static ParsedFeed ParseJson(ReadOnlyMemory<byte> bytes, Uri address)
    {
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array
            || !(JsonText(root, "version")?.StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal) ?? false))
        {
            return ParsedFeed.Failed("Ce document n'est pas un flux RSS, Atom ou JSON Feed.");
        }
        var baseUri = Uri.TryCreate(JsonText(root, "feed_url"), UriKind.Absolute, out var feedUrl) ? feedUrl : address;
        var parsed = new List<ParsedItem?>();
        foreach (var item in items.EnumerateArray().Take(MaxItems * 2))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var url = Absolute(baseUri, JsonText(item, "url") ?? JsonText(item, "external_url"));
            var summary = JsonText(item, "summary") ?? JsonText(item, "content_text") ?? JsonText(item, "content_html");
            string? author = null;
            if (item.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
            {
                author = string.Join(", ", authors.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => JsonText(a, "name")).OfType<string>());
            }
            else if (item.TryGetProperty("author", out var single) && single.ValueKind == JsonValueKind.Object)
            {
                author = JsonText(single, "name");
            }
            var id = item.TryGetProperty("id", out var idValue) ? idValue.ValueKind switch
            {
                JsonValueKind.String => idValue.GetString(),
                JsonValueKind.Number => idValue.GetRawText(),
                _ => null,
            } : null;
            parsed.Add(Item(id, url, JsonText(item, "title"), summary, string.IsNullOrWhiteSpace(author) ? null : author, JsonText(item, "date_published") ?? JsonText(item, "date_modified")));
        }
        return Build(JsonText(root, "title"), parsed);
    }

    private static string? JsonText(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The items in the feed's order, each id once (the first wins), at most <see cref="MaxItems"/>.</summary>
    private static ParsedFeed Build(string? title, IEnumerable<ParsedItem?> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<ParsedItem>();
        foreach (var item in items)
        {
            if (item is not null && seen.Add(item.SourceId))
            {
                kept.Add(item);
                if (kept.Count == MaxItems)
                {
                    break;
                }
            }
        }
        return new ParsedFeed(title is null ? null : FeedText.Plain(title, FeedSubscription.MaxTitleLength), kept);
    }

    /// <summary>An item with a title (or a summary to take one from); its id, else its link, else its title, names it.</summary>
    private static ParsedItem? Item(string? sourceId, string? url, string? title, string? summary, string? author, string? date)
    {
        var plainSummary = summary is null ? null : FeedText.Plain(summary, Article.MaxSummaryLength);
        var plainTitle = title is null ? null : FeedText.Plain(title, Article.MaxTitleLength);
        if (string.IsNullOrEmpty(plainTitle))
        {
            plainTitle = string.IsNullOrEmpty(plainSummary) ? null : FeedText.Plain(plainSummary, 120);
        }
        if (plainTitle is null)
        {
            return null;
        }
        var id = (sourceId?.Trim() is { Length: > 0 } g ? g : null) ?? url ?? plainTitle;
        if (id.Length > FeedItem.MaxSourceIdLength)
        {
            id = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        }
        return new ParsedItem(id, url, plainTitle, string.IsNullOrEmpty(plainSummary) ? null : plainSummary,
            author is null ? null : FeedText.Plain(author, Article.MaxAuthorLength) is { Length: > 0 } a ? a : null, FeedDates.Parse(date));
    }

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        // Atom's type="xhtml" puts markup in elements; every other form is text (HTML escaped or in CDATA).
        var value = element.Attribute("type")?.Value == "xhtml" ? string.Concat(element.Nodes().Select(n => n.ToString())) : element.Value;
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The base of relative links at an element: the feed's address, then each <c>xml:base</c> from the root down.</summary>
    private static Uri BaseOf(XElement element, Uri address)
    {
        var current = address;
        foreach (var ancestor in element.AncestorsAndSelf().Reverse())
        {
            if (ancestor.Attribute(XNamespace.Xml + "base")?.Value is { Length: > 0 } given && Uri.TryCreate(current, given.Trim(), out var next))
            {
                current = next;
            }
        }
        return current;
    }

    private static string? Absolute(Uri baseUri, string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }
        return Uri.TryCreate(baseUri, WebUtility.HtmlDecode(link.Trim()), out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.AbsoluteUri
            : null;
    }

    [GeneratedRegex(@"<\?xml[^>]*encoding\s*=\s*[""']([A-Za-z0-9._:-]{1,40})[""']", RegexOptions.CultureInvariant, 100)]
    private static partial Regex XmlDeclarationEncoding();
}
