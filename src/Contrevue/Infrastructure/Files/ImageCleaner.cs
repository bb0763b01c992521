using System.Buffers.Binary;

namespace Contrevue.Infrastructure.Files;

/// <summary>
/// Removes the metadata of images (EXIF with its GPS position and camera serial, XMP, IPTC, ICC
/// profiles, comments, thumbnails) by copying only the segments or chunks the picture needs, byte
/// for byte: the image is never decoded nor re-encoded, so nothing of it is lost and no decoder's
/// flaw is exposed to crafted files. Anything that does not parse is refused (null), never guessed at.
/// </summary>
public static class ImageCleaner
{
    public static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, App0 = 0xE0, App14 = 0xEE;

    /// <summary>The JPEG with only APP0/JFIF (without thumbnail), Adobe APP14, tables, frame and scans; null when malformed.</summary>
    public static byte[]? CleanJpeg(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != Soi)
        {
            return null;
        }
        var output = new MemoryStream(jpeg.Length);
        output.Write([0xFF, Soi]);
        var position = 2;
        var hasFrame = false;
        var hasScan = false;
        while (true)
        {
            // A marker is 0xFF, possibly repeated (fill bytes), then its code.
            if (position >= jpeg.Length || jpeg[position] != 0xFF)
            {
                return null;
            }
            while (position < jpeg.Length && jpeg[position] == 0xFF)
            {
                position++;
            }
            if (position >= jpeg.Length)
            {
                return null;
            }
            var marker = jpeg[position++];
            if (marker == Eoi)
            {
                if (!hasFrame || !hasScan)
                {
                    return null;
                }
                // Whatever follows EOI (a second picture, a maker's trailer, an appended file) is dropped.
                output.Write([0xFF, Eoi]);
                return output.ToArray();
            }
            if (position + 2 > jpeg.Length)
            {
                return null;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2 || position + length > jpeg.Length)
            {
                return null;
            }
            var payload = jpeg.Slice(position + 2, length - 2);
            var segment = jpeg.Slice(position, length);
            position += length;
            switch (marker)
            {
                case App0:
                    // JFIF tells the pixel density; its optional thumbnail may show what a crop removed.
                    if (payload.Length >= 14 && payload.StartsWith("JFIF\0"u8))
                    {
                        output.Write([0xFF, App0, 0x00, 0x10]);
                        output.Write(payload[..12]);
                        output.Write([0x00, 0x00]);
                    }
                    break;
                case App14:
                    // Adobe's colour transform flag changes how the pixels decode; it holds nothing else.
                    if (payload.Length >= 12 && payload.StartsWith("Adobe"u8))
                    {
                        output.Write([0xFF, App14, 0x00, 0x0E]);
                        output.Write(payload[..12]);
                    }
                    break;
                case >= 0xE1 and <= 0xEF: // APP1–APP15: EXIF, XMP, ICC, IPTC, makers' notes…
                case 0xFE: // COM
                    break;
                case 0xDB or 0xC4 or 0xCC or 0xDD or 0xDC: // DQT, DHT, DAC, DRI, DNL
                    WriteSegment(output, marker, segment);
                    break;
                case >= 0xC0 and <= 0xCF: // SOF0–SOF15, except DHT, JPG and DAC handled above
                    if (marker == 0xC8)
                    {
                        return null;
                    }
                    hasFrame = true;
                    WriteSegment(output, marker, segment);
                    break;
                case Sos:
                    if (!hasFrame)
                    {
                        return null;
                    }
                    WriteSegment(output, marker, segment);
                    var end = EndOfEntropyCodedData(jpeg, position);
                    if (end < 0)
                    {
                        return null;
                    }
                    output.Write(jpeg[position..end]);
                    position = end;
                    hasScan = true;
                    break;
                default: // a second SOI, restart markers out of a scan, reserved or JPEG-LS codes
                    return null;
            }
        }
    }

    private static void WriteSegment(MemoryStream output, byte marker, ReadOnlySpan<byte> segment)
    {
        output.Write([0xFF, marker]);
        output.Write(segment);
    }

    /// <summary>
    /// Where the scan's data ends: at the first 0xFF that is neither a stuffed 0xFF 0x00 nor a restart
    /// marker. -1 when the file ends first (truncated).
    /// </summary>
    private static int EndOfEntropyCodedData(ReadOnlySpan<byte> jpeg, int start)
    {
        for (var i = start; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] != 0xFF)
            {
                continue;
            }
            var next = jpeg[i + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /// <summary>Ancillary chunks that only say how to display the pixels.</summary>
    private static readonly HashSet<string> KeptAncillaryChunks = ["tRNS", "gAMA", "sRGB", "pHYs"];

    private static readonly HashSet<string> CriticalChunks = ["IHDR", "PLTE", "IDAT", "IEND"];

    /// <summary>The PNG with its critical chunks and tRNS, gAMA, sRGB, pHYs, copied whole with their CRC; null when malformed.</summary>
    public static byte[]? CleanPng(ReadOnlySpan<byte> png)
    {
        if (!png.StartsWith(PngSignature))
        {
            return null;
        }
        var output = new MemoryStream(png.Length);
        output.Write(PngSignature);
        long position = PngSignature.Length;
        var first = true;
        var hasData = false;
        while (true)
        {
            if (position + 12 > png.Length)
            {
                return null;
            }
            var at = (int)position;
            long length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            var typeBytes = png.Slice(at + 4, 4);
            if (length > int.MaxValue || !IsChunkType(typeBytes) || position + 12 + length > png.Length)
            {
                return null;
            }
            var type = System.Text.Encoding.ASCII.GetString(typeBytes);
            var chunk = png.Slice(at, (int)(12 + length));
            position += 12 + length;
            if (first != (type == "IHDR") || (type == "IHDR" && length != 13))
            {
                return null;
            }
            first = false;
            if (CriticalChunks.Contains(type) || KeptAncillaryChunks.Contains(type))
            {
                output.Write(chunk);
            }
            else if (IsCritical(typeBytes))
            {
                // A critical chunk this cleaner does not know: copying it blindly could keep anything.
                return null;
            }
            hasData |= type == "IDAT";
            if (type == "IEND")
            {
                // Whatever follows IEND is dropped.
                return hasData ? output.ToArray() : null;
            }
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (b is not (>= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Critical chunks have an upper-case first letter.</summary>
    private static bool IsCritical(ReadOnlySpan<byte> type) => (type[0] & 0x20) == 0;
}
