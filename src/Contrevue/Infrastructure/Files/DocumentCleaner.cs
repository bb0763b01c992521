using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Contrevue.Infrastructure.Files;

/// <summary>A document after cleaning, or why it cannot be kept (French, for the person who sent it).</summary>
public sealed record CleanedDocument(byte[]? Bytes, string? Error = null, FileErrorKind ErrorKind = FileErrorKind.Malformed);

/// <summary>
/// Strips documents obtained by CADA requests of what could name whoever handled them: authors, company,
/// template path, comments and their people, dates, thumbnails of the first page (which can show what was
/// redacted); PDFs also of what would run or unpack in a viewer (<see cref="PdfActiveContent"/>). The text
/// itself is left as it is.
/// </summary>
public static class DocumentCleaner
{
    // ZIP entries carry a modification time: all get this one, so that the same document cleaned twice
    // gives the same bytes (and the same SHA-256), and no time of editing is left.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string OdfManifestNamespace = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
    private const string OdfOfficeNamespace = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

    public const string UnreadablePdf = "PDF illisible ou chiffré : enregistrez-le sans mot de passe et déposez-le à nouveau.";
    public const string UnreadableDocx = "Document DOCX illisible ou endommagé : enregistrez-le de nouveau depuis votre traitement de texte et déposez-le à nouveau.";
    public const string UnreadableOdt = "Document ODT illisible ou endommagé : enregistrez-le de nouveau depuis votre traitement de texte et déposez-le à nouveau.";

    public const string UnreadableOdp = "Présentation ODP illisible ou endommagée : enregistrez-la de nouveau depuis votre logiciel de présentation et déposez-la à nouveau.";

    private static readonly ArchiveLimits DefaultLimits = new SourceFileOptions().ArchiveLimits;

    public static CleanedDocument CleanPdf(byte[] pdf)
    {
        try
        {
            using var input = new MemoryStream(pdf, writable: false);
            using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
            document.Info.Elements.Clear();
            PdfActiveContent.Strip(document);
            // PDFsharp writes an XMP packet of its own on saving (its name, empty fields, random identifiers):
            // the original one, with its authors and tools, is what goes.
            document.Internals.Catalog.Elements.Remove("/Metadata");
            // The first file identifier is kept across saves: the author's copy would have it too.
            var id = Convert.ToHexString(SHA256.HashData(pdf), 0, 8);
            document.Internals.FirstDocumentID = id;
            document.Internals.SecondDocumentID = id;
            using var output = new MemoryStream();
            document.Save(output, closeStream: false);
            return new(output.ToArray());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // PDFsharp throws many kinds of exception for a truncated, encrypted or damaged file; the remedy is the same for all.
            return new(null, UnreadablePdf);
        }
    }

    public static CleanedDocument CleanDocx(byte[] docx, ArchiveLimits? limits = null)
    {
        limits ??= DefaultLimits;
        // A first pass through the ZIP refuses a bomb before the Open XML SDK expands any part.
        var checkedZip = RewriteZip(docx, (_, content) => content, FileType.Docx, UnreadableDocx, limits);
        if (checkedZip.Bytes is null)
        {
            return checkedZip;
        }
        byte[] saved;
        try
        {
            using var stream = new MemoryStream();
            stream.Write(checkedZip.Bytes);
            stream.Position = 0;
            using (var document = WordprocessingDocument.Open(stream, true))
            {
                // The whole core part goes (creator, last modified by, dates, revision, title, keywords…): it is optional.
                DeletePart(document, document.CoreFilePropertiesPart);
                DeletePart(document, document.ExtendedFilePropertiesPart);
                DeletePart(document, document.CustomFilePropertiesPart);
                DeletePart(document, document.ThumbnailPart);
                if (document.MainDocumentPart is { } main)
                {
                    DeletePart(main, main.WordprocessingCommentsPart);
                    DeletePart(main, main.WordprocessingCommentsExPart);
                    DeletePart(main, main.WordprocessingCommentsIdsPart);
                    DeletePart(main, main.WordCommentsExtensiblePart);
                    DeletePart(main, main.WordprocessingPeoplePart);
                    // Without their comments, the anchors left in the text would make Word call the file damaged.
                    RemoveCommentAnchors(main.Document);
                    RemoveAttachedTemplate(main.DocumentSettingsPart);
                    foreach (var header in main.HeaderParts)
                    {
                        RemoveCommentAnchors(header.Header);
                    }
                    foreach (var footer in main.FooterParts)
                    {
                        RemoveCommentAnchors(footer.Footer);
                    }
                }
            }
            saved = stream.ToArray();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new(null, UnreadableDocx);
        }
        return RewriteZip(saved, (_, content) => content, FileType.Docx, UnreadableDocx, limits);
    }

    public static CleanedDocument CleanOdt(byte[] odt, ArchiveLimits? limits = null)
    {
        limits ??= DefaultLimits;
        return RewriteZip(odt, (name, content) => name switch
        {
            "meta.xml" => EmptyOdfMeta(content),
            "META-INF/manifest.xml" => WithoutThumbnails(content),
            _ when name.StartsWith("Thumbnails/", StringComparison.Ordinal) => null,
            _ => content,
        }, FileType.Odt, UnreadableOdt, limits);
    }

    /// <summary>An OpenDocument presentation: the same cleaning as a text document (meta.xml emptied, thumbnails dropped).</summary>
    public static CleanedDocument CleanOdp(byte[] odp, ArchiveLimits? limits = null)
    {
        limits ??= DefaultLimits;
        return RewriteZip(odp, (name, content) => name switch
        {
            "meta.xml" => EmptyOdfMeta(content),
            "META-INF/manifest.xml" => WithoutThumbnails(content),
            _ when name.StartsWith("Thumbnails/", StringComparison.Ordinal) => null,
            _ => content,
        }, FileType.Odp, UnreadableOdp, limits);
    }

    private static void DeletePart(OpenXmlPartContainer container, OpenXmlPart? part)
    {
        if (part is not null)
        {
            container.DeletePart(part);
        }
    }

    /// <summary>The template's full path (C:\Users\…\modèle.dotx) is an external relationship of the settings.</summary>
    private static void RemoveAttachedTemplate(DocumentSettingsPart? settings)
    {
        if (settings?.Settings is not { } root)
        {
            return;
        }
        foreach (var template in root.Elements<AttachedTemplate>().ToList())
        {
            var relationship = settings.ExternalRelationships.FirstOrDefault(r => r.Id == template.Id?.Value);
            if (relationship is not null)
            {
                settings.DeleteExternalRelationship(relationship);
            }
            template.Remove();
        }
    }

    private static void RemoveCommentAnchors(DocumentFormat.OpenXml.OpenXmlElement? root)
    {
        if (root is null)
        {
            return;
        }
        var anchors = root.Descendants<CommentRangeStart>().Cast<DocumentFormat.OpenXml.OpenXmlElement>()
            .Concat(root.Descendants<CommentRangeEnd>())
            .Concat(root.Descendants<CommentReference>())
            .ToList();
        foreach (var anchor in anchors)
        {
            // A comment reference sits alone in its run: the run goes with it.
            if (anchor is CommentReference && anchor.Parent is Run run && run.ChildElements.All(c => c is CommentReference or RunProperties))
            {
                run.Remove();
            }
            else
            {
                anchor.Remove();
            }
        }
    }

    /// <summary>The root element of meta.xml and its namespaces kept, office:meta emptied.</summary>
    private static byte[] EmptyOdfMeta(byte[] content)
    {
        var meta = XDocument.Load(new MemoryStream(content));
        var root = meta.Root ?? throw new InvalidDataException("meta.xml sans élément racine");
        XNamespace office = OdfOfficeNamespace;
        foreach (var element in root.Elements(office + "meta"))
        {
            element.RemoveNodes();
            element.RemoveAttributes();
        }
        if (root.Element(office + "meta") is null)
        {
            root.Add(new XElement(office + "meta"));
        }
        return Serialize(meta);
    }

    private static byte[] WithoutThumbnails(byte[] content)
    {
        var manifest = XDocument.Load(new MemoryStream(content));
        XNamespace ns = OdfManifestNamespace;
        manifest.Descendants(ns + "file-entry")
            .Where(e => ((string?)e.Attribute(ns + "full-path"))?.StartsWith("Thumbnails/", StringComparison.Ordinal) == true)
            .Remove();
        return Serialize(manifest);
    }

    private static byte[] Serialize(XDocument document)
    {
        using var output = new MemoryStream();
        document.Save(output, SaveOptions.DisableFormatting);
        return output.ToArray();
    }

    /// <summary>
    /// The archive rebuilt in the same order with each entry given by <paramref name="transform"/> (null drops
    /// it), a fixed time and no comment. "mimetype", if any, stays first and stored: OpenDocument needs it so.
    /// Its expansion is bounded by <paramref name="limits"/> (<see cref="ArchiveGuard"/>): declared, then real.
    /// </summary>
    private static CleanedDocument RewriteZip(byte[] zip, Func<string, byte[], byte[]?> transform, FileType type, string error, ArchiveLimits limits)
    {
        try
        {
            ArchiveGuard.CheckDirectory(zip, limits, type.Label);
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            ArchiveGuard.CheckDeclared(archive.Entries, limits, type.Label);
            var entries = archive.Entries.OrderBy(e => e.FullName == "mimetype" ? 0 : 1).ToList();
            using var output = new MemoryStream();
            using (var rebuilt = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var entry in entries)
                {
                    var content = ArchiveGuard.ReadEntry(entry, type.Label);
                    var replaced = transform(entry.FullName, content);
                    if (replaced is null)
                    {
                        continue;
                    }
                    var copy = rebuilt.CreateEntry(entry.FullName, entry.FullName == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                    copy.LastWriteTime = EntryTime;
                    using var stream = copy.Open();
                    stream.Write(replaced);
                }
            }
            return new(output.ToArray());
        }
        catch (ArchiveRefusedException refused)
        {
            return new(null, refused.Message, refused.Kind);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException or ArgumentException or System.Xml.XmlException)
        {
            return new(null, error);
        }
    }
}
