using System.IO.Compression;
using System.Text;

namespace Contrevue.Infrastructure.Files;

/// <summary>A type of file the observatoire keeps, as recognised from its content.</summary>
/// <param name="Label">French, with its article: "un PDF", "une image PNG".</param>
/// <param name="Inline">Shown by the browser (images, PDF) rather than downloaded.</param>
public sealed record FileType(string ContentType, string Extension, string Label, bool Inline)
{
    public static readonly FileType Pdf = new("application/pdf", "pdf", "un PDF", Inline: true);
    public static readonly FileType Png = new("image/png", "png", "une image PNG", Inline: true);
    public static readonly FileType Jpeg = new("image/jpeg", "jpg", "une image JPEG", Inline: true);
    public static readonly FileType Odt = new("application/vnd.oasis.opendocument.text", "odt", "un document ODT", Inline: false);
    public static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "un document DOCX", Inline: false);
    /// <summary>Only in the campaign kit (<see cref="UploadProfile.Kit"/>).</summary>
    public static readonly FileType Odp = new("application/vnd.oasis.opendocument.presentation", "odp", "une présentation ODP", Inline: false);
    /// <summary>
    /// Only in the campaign kit (<see cref="UploadProfile.Kit"/>). Never shown inline at its own address: an SVG
    /// may hold scripts, so it is served as an attachment under the sandbox policy (<see cref="SvgCleaner"/>).
    /// </summary>
    public static readonly FileType Svg = new("image/svg+xml", "svg", "une image SVG", Inline: false);
    /// <summary>Only from snapshots of web pages, never uploaded.</summary>
    public static readonly FileType Html = new("text/html", "html", "une page HTML", Inline: true);

    /// <summary>What an uploaded file's name may end with, for each accepted type.</summary>
    public static readonly IReadOnlyDictionary<string, FileType> ByUploadExtension = new Dictionary<string, FileType>(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = Pdf,
        ["png"] = Png,
        ["jpg"] = Jpeg,
        ["jpeg"] = Jpeg,
        ["jpe"] = Jpeg,
        ["jfif"] = Jpeg,
        ["odt"] = Odt,
        ["docx"] = Docx,
    };

    public const string AcceptedList = "PDF, PNG, JPEG, ODT ou DOCX";
}

/// <summary>
/// Which types an upload may be. Sources of the observatoire keep the historical list; the campaign kit also
/// takes presentations (ODP) and vector images (SVG), which sources never need.
/// </summary>
public sealed record UploadProfile(IReadOnlyDictionary<string, FileType> Extensions, string AcceptedList, bool PresentationsAndSvg)
{
    public static readonly UploadProfile Sources = new(FileType.ByUploadExtension, FileType.AcceptedList, PresentationsAndSvg: false);

    public static readonly UploadProfile Kit = new(
        new Dictionary<string, FileType>(FileType.ByUploadExtension, StringComparer.OrdinalIgnoreCase)
        {
            ["odp"] = FileType.Odp,
            ["svg"] = FileType.Svg,
        },
        "PDF, PNG, JPEG, SVG, ODT, DOCX ou ODP",
        PresentationsAndSvg: true);

    public SniffedContent Sniff(byte[] content) =>
        PresentationsAndSvg ? FileSniffer.SniffWithPresentationsAndSvg(content) : FileSniffer.Sniff(content);
}

/// <summary>What the content of a file is: one of the accepted types, or a French description of what it seems to be.</summary>
public sealed record SniffedContent(FileType? Type, string Description);

/// <summary>
/// Recognises files by their content (magic bytes, the entries of a ZIP), never by their name: a name
/// is chosen by whoever sends the file.
/// </summary>
public static class FileSniffer
{
    private const string OdtMimeType = "application/vnd.oasis.opendocument.text";

    public static SniffedContent Sniff(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith("%PDF-"u8))
        {
            return new(FileType.Pdf, FileType.Pdf.Label);
        }
        if (bytes.StartsWith(ImageCleaner.PngSignature))
        {
            return new(FileType.Png, FileType.Png.Label);
        }
        if (Starts(bytes, 0xFF, 0xD8, 0xFF))
        {
            return new(FileType.Jpeg, FileType.Jpeg.Label);
        }
        if (Starts(bytes, 0x50, 0x4B, 0x03, 0x04))
        {
            return SniffZip(content);
        }
        return new(null, Describe(bytes));
    }

    /// <summary>
    /// <see cref="Sniff"/>, plus OpenDocument presentations and SVG images (the kit's profile). An SVG is text
    /// whose first 4 KiB hold an &lt;svg element; <see cref="SvgCleaner"/> then checks that it is one.
    /// </summary>
    public static SniffedContent SniffWithPresentationsAndSvg(byte[] content)
    {
        var sniffed = Sniff(content);
        if (sniffed.Type is not null)
        {
            return sniffed;
        }
        if (ArchiveGuard.IsZip(content) && OpenDocumentMimeType(content) == FileType.Odp.ContentType)
        {
            return new(FileType.Odp, FileType.Odp.Label);
        }
        return sniffed.Description == FileType.Svg.Label ? new(FileType.Svg, FileType.Svg.Label) : sniffed;
    }

    private static string? OpenDocumentMimeType(byte[] content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return archive.Entries.Count > 0 && archive.Entries[0].FullName == "mimetype" ? ReadShortEntry(archive.Entries[0]) : null;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
        {
            return null;
        }
    }

    private static SniffedContent SniffZip(byte[] content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var entries = archive.Entries;
            // OpenDocument puts an uncompressed "mimetype" entry first, so that its type is readable at a fixed place.
            if (entries.Count > 0 && entries[0].FullName == "mimetype")
            {
                var mimeType = ReadShortEntry(entries[0]);
                return mimeType == OdtMimeType
                    ? new(FileType.Odt, FileType.Odt.Label)
                    : new(null, "un document OpenDocument d'un autre type (tableur, présentation, modèle…)");
            }
            var names = entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (names.Contains("[Content_Types].xml") && names.Contains("word/document.xml"))
            {
                // A .docx never holds macros; Word only runs them from .docm files.
                return names.Contains("word/vbaProject.bin")
                    ? new(null, "un document Word avec macros (DOCM)")
                    : new(FileType.Docx, FileType.Docx.Label);
            }
            if (names.Contains("xl/workbook.xml"))
            {
                return new(null, "un classeur Excel (XLSX)");
            }
            if (names.Contains("ppt/presentation.xml"))
            {
                return new(null, "une présentation PowerPoint (PPTX)");
            }
            return new(null, "une archive ZIP");
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or NotSupportedException)
        {
            return new(null, "une archive ZIP endommagée");
        }
    }

    private static string ReadShortEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[100];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }
        return Encoding.ASCII.GetString(buffer, 0, total).Trim();
    }

    private static bool Starts(ReadOnlySpan<byte> bytes, params ReadOnlySpan<byte> prefix) => bytes.StartsWith(prefix);

    /// <summary>What a refused file seems to be, for the error message.</summary>
    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "un fichier vide";
        }
        if (bytes.StartsWith("GIF8"u8))
        {
            return "une image GIF";
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "une image WebP";
        }
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return bytes[8..12].SequenceEqual("heic"u8) || bytes[8..12].SequenceEqual("mif1"u8) ? "une image HEIC" : "une vidéo ou une image (conteneur MP4)";
        }
        if (Starts(bytes, 0x49, 0x49, 0x2A, 0x00) || Starts(bytes, 0x4D, 0x4D, 0x00, 0x2A))
        {
            return "une image TIFF";
        }
        if (Starts(bytes, 0xD0, 0xCF, 0x11, 0xE0))
        {
            return "un ancien document Office (DOC, XLS, PPT)";
        }
        if (bytes.StartsWith("{\\rtf"u8))
        {
            return "un document RTF";
        }
        if (bytes.StartsWith("MZ"u8) || Starts(bytes, 0x7F, (byte)'E', (byte)'L', (byte)'F'))
        {
            return "un programme exécutable";
        }
        var head = bytes[..Math.Min(bytes.Length, 4096)];
        if (head.IndexOf((byte)0) < 0 && IsUtf8(head))
        {
            var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
            if (text.Contains("<svg", StringComparison.Ordinal))
            {
                return "une image SVG";
            }
            if (text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal))
            {
                return "une page HTML";
            }
            return "un fichier texte";
        }
        return "un fichier de type inconnu";
    }

    /// <summary>Valid UTF-8, allowing a character cut at the end of the sample.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        for (var cut = 0; cut < 4 && cut < bytes.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes[..(bytes.Length - cut)]))
            {
                return true;
            }
        }
        return false;
    }
}
