using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Contrevue.Tests.Features.Observatoire.Files;

/// <summary>Files built byte by byte, with the metadata a phone or an office suite would leave in them.</summary>
public static class TestFiles
{
    /// <summary>An 8×8 baseline JPEG (cjpeg -baseline of two colour bands): SOI, APP0 JFIF, DQT×2, SOF0, DHT×4, SOS, data, EOI.</summary>
    public static readonly byte[] TinyJpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDD2e9FFFdv9o4n+b8F/kfUf2Dl/wDz7/GX+Z//2Q==");

    /// <summary>The latitude of the GPS IFD, as its three rationals are written (48/1, 51/1, 2403/100).</summary>
    public static readonly byte[] GpsLatitudeBytes =
        [0, 0, 0, 48, 0, 0, 0, 1, 0, 0, 0, 51, 0, 0, 0, 1, 0, 0, 0x09, 0x63, 0, 0, 0, 100];

    public const string CommentText = "Photographié par Jeanne Dupont";

    /// <summary>
    /// <see cref="TinyJpeg"/> as a phone would send it: an APP1 EXIF segment with a GPS position right
    /// after SOI, an XMP segment, an ICC profile (APP2), a comment, and bytes after EOI.
    /// </summary>
    public static byte[] JpegWithExif()
    {
        var tiff = new List<byte>();
        tiff.AddRange("MM"u8.ToArray());
        tiff.AddRange([0x00, 0x2A, 0, 0, 0, 8]);
        // IFD0: one entry, GPSInfo (0x8825) → the GPS IFD at offset 26.
        tiff.AddRange([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]);
        // GPS IFD: GPSLatitudeRef "N", GPSLatitude three rationals at offset 56.
        tiff.AddRange([0, 2]);
        tiff.AddRange([0, 1, 0, 2, 0, 0, 0, 2, (byte)'N', 0, 0, 0]);
        tiff.AddRange([0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56]);
        tiff.AddRange([0, 0, 0, 0]);
        tiff.AddRange(GpsLatitudeBytes);
        var exif = Segment(0xE1, [.. "Exif\0\0"u8.ToArray(), .. tiff]);
        var xmp = Segment(0xE1, Encoding.ASCII.GetBytes("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>48,51.4N</exif:GPSLatitude></x:xmpmeta>"));
        var icc = Segment(0xE2, [.. "ICC_PROFILE\0"u8.ToArray(), 1, 1, .. new byte[64]]);
        var comment = Segment(0xFE, Encoding.UTF8.GetBytes(CommentText));
        return [0xFF, 0xD8, .. exif, .. xmp, .. TinyJpeg[2..20], .. icc, .. comment, .. TinyJpeg[20..], .. "GPS 48.8566"u8.ToArray()];
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var length = payload.Length + 2;
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. payload];
    }

    /// <summary>A 1×1 PNG with the chunks an editor leaves: tEXt, iTXt, tIME, eXIf, and the display ones that stay.</summary>
    public static byte[] PngWithText(string author = "Jeanne Dupont")
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(output, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        WriteChunk(output, "gAMA", [0, 0, 0xB1, 0x8F]);
        WriteChunk(output, "tEXt", Encoding.Latin1.GetBytes("Author\0" + author));
        WriteChunk(output, "iTXt", Encoding.UTF8.GetBytes("Comment\0\0\0\0\0Prise rue de la Paix"));
        WriteChunk(output, "tIME", [0x07, 0xEA, 11, 29, 8, 0, 0]);
        WriteChunk(output, "eXIf", [.. "MM"u8.ToArray(), 0, 0x2A, 0, 0, 0, 8, 0, 0]);
        WriteChunk(output, "pHYs", [0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1]);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write([0, 0x33, 0x66, 0xCC]);
            }
            WriteChunk(output, "IDAT", compressed.ToArray());
        }
        WriteChunk(output, "IEND", []);
        output.Write("après la fin"u8);
        return output.ToArray();
    }

    public static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        output.Write(number);
        var typeAndData = (byte[])[.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        output.Write(number);
    }

    /// <summary>The CRC of PNG chunks (ISO 3309).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    /// <summary>
    /// A one-page PDF with a cross-reference table, different each time: its page carries a mark, which
    /// cleaning keeps (the title in its information dictionary goes).
    /// </summary>
    public static byte[] Pdf(string? mark = null)
    {
        string[] objects =
        [
            "<</Type /Catalog /Pages 2 0 R>>",
            "<</Type /Pages /Kids [3 0 R] /Count 1>>",
            $"<</Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Marque ({mark ?? Guid.NewGuid().ToString("N")})>>",
            "<</Title (Note de Camille Militante)>>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj {objects[i]} endobj\n");
        }
        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }
        pdf.Append($"trailer <</Size {objects.Length + 1} /Root 1 0 R /Info 4 0 R>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>A ZIP with the given entries, in order, each holding its name.</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = archive.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                // A fixed date: the same entries make the same bytes.
                entry.LastWriteTime = new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return output.ToArray();
    }

    public const string OdfOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    public const string OdfManifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

    public static byte[] Odt() => Zip(
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", $"<office:document-content xmlns:office=\"{OdfOffice}\"/>"),
        ("META-INF/manifest.xml", $"<manifest:manifest xmlns:manifest=\"{OdfManifest}\"/>"));

    /// <summary>A DOCX made by the Open XML SDK, its text different each time.</summary>
    public static byte[] Docx(string? text = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new Text(text ?? Guid.NewGuid().ToString("N"))))));
        }
        return stream.ToArray();
    }

    public static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
