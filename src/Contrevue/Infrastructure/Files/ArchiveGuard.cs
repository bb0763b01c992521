using System.Buffers.Binary;
using System.IO.Compression;

namespace Contrevue.Infrastructure.Files;

/// <summary>How far an office document (a ZIP) may expand: <c>Observatoire</c> settings, see <see cref="SourceFileOptions"/>.</summary>
public sealed record ArchiveLimits(long MaxExpandedBytes, long MaxEntryBytes, int MaxEntries, int MaxCompressionRatio)
{
    /// <summary>Below this, an entry may compress as well as it likes: a short repetitive XML part is no threat.</summary>
    public const long RatioFloorBytes = 1024 * 1024;
}

/// <summary>Why an archive is refused before or while it is expanded: 413 for its size, 415 for its form.</summary>
public sealed class ArchiveRefusedException(FileErrorKind kind, string message) : Exception(message)
{
    public FileErrorKind Kind { get; } = kind;
}

/// <summary>
/// Keeps a ZIP bomb from being expanded. First what the archive declares — its number of entries and
/// the size of its directory (read from its last bytes, before any ZIP reader builds its entries), each
/// entry's expanded size, the total, the compression ratio — then, while expanding, what it really holds:
/// no entry may give more bytes than it declared, nor other bytes (its CRC-32), since declarations can lie.
/// Memory then holds one entry of a bounded size at a time.
/// </summary>
public static class ArchiveGuard
{
    private const uint EndOfCentralDirectory = 0x06054b50;
    /// <summary>A central directory record is 46 bytes plus the name and its extras: generous for office documents.</summary>
    private const int MaxDirectoryBytesPerEntry = 1024;

    public static bool IsZip(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8);

    /// <summary>The entry count and directory size the archive's end record gives, checked before the archive is opened.</summary>
    public static void CheckDirectory(ReadOnlySpan<byte> zip, ArchiveLimits limits, string label)
    {
        // The end record is the last 22 bytes, followed by a comment of at most 64 KiB.
        var from = Math.Max(0, zip.Length - 22 - ushort.MaxValue);
        for (var i = zip.Length - 22; i >= from; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[i..]) != EndOfCentralDirectory)
            {
                continue;
            }
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(zip[(i + 10)..]);
            var directoryBytes = BinaryPrimitives.ReadUInt32LittleEndian(zip[(i + 12)..]);
            // 0xFFFF entries or 0xFFFFFFFF bytes announce ZIP64: no office document needs it.
            if (entries > limits.MaxEntries || directoryBytes > (long)limits.MaxEntries * MaxDirectoryBytesPerEntry)
            {
                throw TooManyEntries(limits, label);
            }
            return;
        }
        // No end record: the ZIP reader will call it damaged.
    }

    /// <summary>What the central directory declares, before a byte is expanded.</summary>
    public static void CheckDeclared(IReadOnlyCollection<ZipArchiveEntry> entries, ArchiveLimits limits, string label)
    {
        if (entries.Count > limits.MaxEntries)
        {
            throw TooManyEntries(limits, label);
        }
        long total = 0;
        foreach (var entry in entries)
        {
            if (entry.Length > limits.MaxEntryBytes)
            {
                throw TooLarge(limits.MaxEntryBytes, label, wholeDocument: false);
            }
            total += entry.Length;
            if (total > limits.MaxExpandedBytes)
            {
                throw TooLarge(limits.MaxExpandedBytes, label, wholeDocument: true);
            }
            if (entry.Length > ArchiveLimits.RatioFloorBytes && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                throw new ArchiveRefusedException(FileErrorKind.TooLarge,
                    $"Ce document se décompresse en un volume sans rapport avec sa taille (plus de {limits.MaxCompressionRatio} fois) : " +
                    "il est refusé, comme une bombe de décompression. Enregistrez-le de nouveau depuis votre traitement de texte.");
            }
        }
    }

    /// <summary>
    /// The entry's bytes, exactly as many as declared (checked by <see cref="CheckDeclared"/>) and matching
    /// its CRC-32; refused as soon as it gives more.
    /// </summary>
    public static byte[] ReadEntry(ZipArchiveEntry entry, string label)
    {
        var content = new byte[entry.Length];
        using var stream = entry.Open();
        var total = 0;
        int read;
        while (total < content.Length && (read = stream.Read(content, total, content.Length - total)) > 0)
        {
            total += read;
        }
        Span<byte> extra = stackalloc byte[1];
        if (total != content.Length || stream.Read(extra) > 0 || Crc32(content) != entry.Crc32)
        {
            throw new ArchiveRefusedException(FileErrorKind.UnsupportedType,
                $"Ce n'est pas {label} valide : une fois décompressé, son contenu ne correspond pas à la taille ou à la somme de contrôle que l'archive annonce.");
        }
        return content;
    }

    private static ArchiveRefusedException TooManyEntries(ArchiveLimits limits, string label) =>
        new(FileErrorKind.UnsupportedType,
            $"Ce n'est pas {label} valide : son archive compte plus de {limits.MaxEntries} fichiers une fois décompressée.");

    private static ArchiveRefusedException TooLarge(long limit, string label, bool wholeDocument) =>
        new(FileErrorKind.TooLarge,
            $"Une fois décompressé, {(wholeDocument ? "ce document" : "un des fichiers de ce document")} dépasserait {SourceFileStore.FormatSize(limit)} : " +
            $"{label} ordinaire n'en approche pas, il est refusé. Enregistrez-le de nouveau en réduisant ses images, ou découpez-le.");

    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }

    /// <summary>The CRC-32 of ZIP (ISO 3309), as entries declare it.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }
}
