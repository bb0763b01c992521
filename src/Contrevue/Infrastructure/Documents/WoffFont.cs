using System.Buffers.Binary;
using System.IO.Compression;

namespace Contrevue.Infrastructure.Documents;

/// <summary>
/// Turns a WOFF 1.0 font (what npm font packages ship) back into the TrueType/OpenType bytes that
/// PDFsharp reads: each table is inflated when compressed, then the sfnt header and table records
/// are rebuilt around the 4-byte-aligned tables.
/// </summary>
public static class WoffFont
{
    private const uint WoffSignature = 0x774F4646; // "wOFF"
    private const int WoffHeaderLength = 44;
    private const int WoffEntryLength = 20;
    private const int SfntHeaderLength = 12;
    private const int SfntRecordLength = 16;
    private const uint HeadTag = 0x68656164; // "head"

    public static byte[] ToSfnt(byte[] woff)
    {
        ArgumentNullException.ThrowIfNull(woff);
        if (woff.Length < WoffHeaderLength || ReadUInt32(woff, 0) != WoffSignature)
            throw new InvalidDataException("Not a WOFF 1.0 font.");
        var flavor = ReadUInt32(woff, 4);
        int numTables = BinaryPrimitives.ReadUInt16BigEndian(woff.AsSpan(12));
        if (numTables == 0 || WoffHeaderLength + numTables * WoffEntryLength > woff.Length)
            throw new InvalidDataException("Invalid WOFF table directory.");

        var tables = new List<(uint Tag, uint Checksum, byte[] Data)>(numTables);
        for (var i = 0; i < numTables; i++)
        {
            var entry = WoffHeaderLength + i * WoffEntryLength;
            var tag = ReadUInt32(woff, entry);
            var offset = ReadUInt32(woff, entry + 4);
            var compLength = ReadUInt32(woff, entry + 8);
            var origLength = ReadUInt32(woff, entry + 12);
            var checksum = ReadUInt32(woff, entry + 16);
            if ((ulong)offset + compLength > (ulong)woff.Length || compLength > origLength)
                throw new InvalidDataException("Invalid WOFF table entry.");
            var data = compLength < origLength
                ? Inflate(woff.AsSpan((int)offset, (int)compLength), (int)origLength)
                : woff.AsSpan((int)offset, (int)compLength).ToArray();
            tables.Add((tag, checksum, data));
        }
        // The sfnt table records must be sorted by tag; WOFF requires the same order, but be sure.
        tables.Sort((a, b) => a.Tag.CompareTo(b.Tag));

        var dataStart = SfntHeaderLength + numTables * SfntRecordLength;
        var total = dataStart + tables.Sum(t => Align4(t.Data.Length));
        var sfnt = new byte[total];
        var span = sfnt.AsSpan();
        var entrySelector = (ushort)Math.Floor(Math.Log2(numTables));
        var searchRange = (ushort)((1 << entrySelector) * 16);
        BinaryPrimitives.WriteUInt32BigEndian(span, flavor);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)numTables);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], searchRange);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)(numTables * 16 - searchRange));

        var position = dataStart;
        var headOffset = -1;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, checksum, data) = tables[i];
            var record = span[(SfntHeaderLength + i * SfntRecordLength)..];
            BinaryPrimitives.WriteUInt32BigEndian(record, tag);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], checksum);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(span[position..]);
            if (tag == HeadTag && data.Length >= 12) headOffset = position;
            position += Align4(data.Length);
        }

        // The tables may now sit at other offsets than in the original font, so the whole-file
        // checksum that 'head' carries is recomputed (with the field zeroed, as the spec asks).
        if (headOffset >= 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span[(headOffset + 8)..], 0);
            BinaryPrimitives.WriteUInt32BigEndian(span[(headOffset + 8)..], 0xB1B0AFBA - Checksum(sfnt));
        }
        return sfnt;
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, int length)
    {
        using var input = new MemoryStream(compressed.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        var output = new byte[length];
        zlib.ReadExactly(output);
        if (zlib.ReadByte() != -1) throw new InvalidDataException("WOFF table longer than announced.");
        return output;
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i + 3 < data.Length; i += 4) sum += ReadUInt32(data, i);
        return sum;
    }

    private static uint ReadUInt32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

    private static int Align4(int length) => (length + 3) & ~3;
}
