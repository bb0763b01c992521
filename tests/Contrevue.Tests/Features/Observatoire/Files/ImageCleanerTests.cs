using System.Text;
using Contrevue.Infrastructure.Files;

namespace Contrevue.Tests.Features.Observatoire.Files;

public sealed class ImageCleanerTests
{
    [Fact]
    public void A_jpeg_loses_exif_xmp_icc_comments_and_trailing_bytes_and_keeps_its_picture_byte_for_byte()
    {
        var dirty = TestFiles.JpegWithExif();

        var cleaned = ImageCleaner.CleanJpeg(dirty);

        Assert.NotNull(cleaned);
        // Nothing but the original picture remains: the tiny JPEG had no metadata but its JFIF header.
        Assert.Equal(TestFiles.TinyJpeg, cleaned);
        Assert.False(TestFiles.Contains(cleaned, "Exif"u8));
        Assert.False(TestFiles.Contains(cleaned, TestFiles.GpsLatitudeBytes));
        Assert.False(TestFiles.Contains(cleaned, Encoding.UTF8.GetBytes(TestFiles.CommentText)));
        Assert.False(TestFiles.Contains(cleaned, "GPS"u8));
        Assert.Equal([0xFF, 0xD8], cleaned[..2]);
        Assert.Equal([0xFF, 0xD9], cleaned[^2..]);
    }

    [Fact]
    public void A_jfif_thumbnail_is_dropped_and_the_header_kept()
    {
        // APP0 JFIF declaring a 1×1 thumbnail (3 bytes of RGB).
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x13, .. "JFIF\0"u8.ToArray(), 1, 1, 0, 0, 1, 0, 1, 1, 1, 0xAA, 0xBB, 0xCC];
        byte[] jpeg = [0xFF, 0xD8, .. app0, .. TestFiles.TinyJpeg[20..]];

        var cleaned = ImageCleaner.CleanJpeg(jpeg);

        Assert.NotNull(cleaned);
        Assert.Equal(TestFiles.TinyJpeg.Length, cleaned.Length);
        Assert.False(TestFiles.Contains(cleaned, [0xAA, 0xBB, 0xCC]));
    }

    [Theory]
    [InlineData(0)] // empty
    [InlineData(3)] // SOI and one byte
    [InlineData(100)] // cut in the tables
    [InlineData(-2)] // no EOI
    public void A_truncated_jpeg_is_refused(int keep)
    {
        var jpeg = TestFiles.TinyJpeg;
        var truncated = keep >= 0 ? jpeg[..keep] : jpeg[..(jpeg.Length + keep)];

        Assert.Null(ImageCleaner.CleanJpeg(truncated));
    }

    [Fact]
    public void A_jpeg_with_a_segment_longer_than_the_file_or_no_frame_is_refused()
    {
        byte[] overlong = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00];
        byte[] scanWithoutFrame = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9];
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0x00, 0x12];

        Assert.Null(ImageCleaner.CleanJpeg(overlong));
        Assert.Null(ImageCleaner.CleanJpeg(scanWithoutFrame));
        Assert.Null(ImageCleaner.CleanJpeg(garbage));
    }

    [Fact]
    public void A_png_keeps_its_critical_and_display_chunks_only()
    {
        var cleaned = ImageCleaner.CleanPng(TestFiles.PngWithText());

        Assert.NotNull(cleaned);
        Assert.Equal(["IHDR", "gAMA", "pHYs", "IDAT", "IEND"], ChunkTypes(cleaned));
        Assert.False(TestFiles.Contains(cleaned, "Jeanne"u8));
        Assert.False(TestFiles.Contains(cleaned, "rue de la Paix"u8));
        Assert.False(TestFiles.Contains(cleaned, "après"u8));
    }

    [Fact]
    public void A_malformed_png_is_refused()
    {
        var png = TestFiles.PngWithText();

        Assert.Null(ImageCleaner.CleanPng(png.AsSpan(0, 40))); // truncated in a chunk
        Assert.Null(ImageCleaner.CleanPng(png.AsSpan(0, 8))); // signature only
        var noIhdr = png.ToArray();
        noIhdr[12] = (byte)'X'; // the first chunk is no longer IHDR
        Assert.Null(ImageCleaner.CleanPng(noIhdr));
        var hugeLength = png.ToArray();
        hugeLength[8] = 0xFF; // IHDR claims more than 2 GB
        Assert.Null(ImageCleaner.CleanPng(hugeLength));
    }

    private static List<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var position = 8; position < png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            types.Add(Encoding.ASCII.GetString(png, position + 4, 4));
            position += 12 + length;
        }
        return types;
    }
}

public sealed class FileSnifferTests
{
    [Fact]
    public void Types_are_recognised_by_content()
    {
        Assert.Equal(FileType.Pdf, FileSniffer.Sniff(TestFiles.Pdf()).Type);
        Assert.Equal(FileType.Jpeg, FileSniffer.Sniff(TestFiles.TinyJpeg).Type);
        Assert.Equal(FileType.Png, FileSniffer.Sniff(TestFiles.PngWithText()).Type);
        Assert.Equal(FileType.Odt, FileSniffer.Sniff(TestFiles.Odt()).Type);
        Assert.Equal(FileType.Docx, FileSniffer.Sniff(TestFiles.Docx()).Type);
    }

    [Fact]
    public void Other_content_is_described_in_french()
    {
        Assert.Equal("un fichier texte", FileSniffer.Sniff("Bonjour, ceci n'est pas un PDF."u8.ToArray()).Description);
        Assert.Equal("une archive ZIP", FileSniffer.Sniff(TestFiles.Zip(("a.txt", "a"))).Description);
        Assert.Null(FileSniffer.Sniff(TestFiles.Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"))).Type);
        Assert.Null(FileSniffer.Sniff(TestFiles.Zip(("[Content_Types].xml", ""), ("word/document.xml", ""), ("word/vbaProject.bin", ""))).Type);
        Assert.Equal("une image GIF", FileSniffer.Sniff("GIF89a\x01\0\x01\0"u8.ToArray()).Description);
        Assert.Equal("une archive ZIP endommagée", FileSniffer.Sniff([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).Description);
    }
}
