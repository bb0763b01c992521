using System.Buffers.Binary;
using System.Text;

namespace Contrevue.Tests.Features.Carte;

/// <summary>
/// Writes a small PMTiles v3 archive by hand (header, root directory, metadata, tiles; nothing compressed):
/// one tile per entry of <paramref name="tiles"/>, addressed by its Hilbert tile id (z0: 0, z1: 1–4…).
/// </summary>
public static class PmtilesFile
{
    public static byte[] Build(IReadOnlyList<(ulong TileId, byte[] Bytes)> tiles, byte maxZoom = 0, string metadata = "{}")
    {
        var directory = new MemoryStream();
        WriteVarint(directory, (ulong)tiles.Count);
        ulong lastId = 0;
        foreach (var (id, _) in tiles)
        {
            WriteVarint(directory, id - lastId);
            lastId = id;
        }
        foreach (var _ in tiles)
        {
            WriteVarint(directory, 1); // run length
        }
        foreach (var (_, bytes) in tiles)
        {
            WriteVarint(directory, (ulong)bytes.Length);
        }
        for (var i = 0; i < tiles.Count; i++)
        {
            // 0: right after the previous tile; else offset + 1.
            WriteVarint(directory, i == 0 ? 1UL : 0UL);
        }
        var root = directory.ToArray();
        var meta = Encoding.UTF8.GetBytes(metadata);
        var data = tiles.SelectMany(t => t.Bytes).ToArray();

        var header = new byte[127];
        Encoding.ASCII.GetBytes("PMTiles").CopyTo(header, 0);
        header[7] = 3;
        ulong rootOffset = 127, metaOffset = rootOffset + (ulong)root.Length, dataOffset = metaOffset + (ulong)meta.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), rootOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), (ulong)root.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), metaOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(32), (ulong)meta.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(40), dataOffset); // no leaf directories
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(48), 0);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(56), dataOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(64), (ulong)data.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(72), (ulong)tiles.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(80), (ulong)tiles.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(88), (ulong)tiles.Count);
        header[96] = 1; // clustered
        header[97] = 1; // internal compression: none
        header[98] = 1; // tile compression: none
        header[99] = 1; // tile type: MVT
        header[100] = 0;
        header[101] = maxZoom;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(102), -180_0000000);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(106), -85_0000000);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(110), 180_0000000);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(114), 85_0000000);
        header[118] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(119), 2_4000000);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(123), 46_6000000);
        return [.. header, .. root, .. meta, .. data];
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
