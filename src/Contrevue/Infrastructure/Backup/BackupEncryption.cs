using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Contrevue.Infrastructure.Backup;

/// <summary>
/// A backup sealed with a passphrase: AES-256-GCM over 64 KiB chunks (the STREAM construction: each
/// chunk's nonce holds its number and whether it is the last, so chunks can be neither reordered,
/// dropped nor cut off), with a key derived by PBKDF2-HMAC-SHA256. The header (format, iterations,
/// salt, nonce prefix, key check) is authenticated with every chunk.
/// </summary>
/// <remarks>
/// Layout: "CVBKENC" 0x01 | KDF id (1 = PBKDF2-SHA256) | iterations (uint32 BE) | salt (16) |
/// chunk size (uint32 BE) | nonce prefix (7) | key check (16), then chunks of
/// ciphertext + 16-byte tag; the last chunk holds less than a full chunk (possibly nothing).
/// The key check (HKDF of the derived key) tells a wrong passphrase from a damaged archive; it lets
/// no one guess faster than the tag of the first chunk would, both need the PBKDF2 work.
/// </remarks>
public static class BackupEncryption
{
    public const int Iterations = 600_000;
    private const int MaxIterations = 20_000_000;
    private const int ChunkSize = 64 * 1024;
    private const int TagSize = 16;
    private const int SaltSize = 16;
    private const int NoncePrefixSize = 7;
    private const int KeyCheckSize = 16;
    private const byte KdfPbkdf2Sha256 = 1;
    private static readonly byte[] Magic = "CVBKENC\u0001"u8.ToArray();
    private static readonly int HeaderSize = Magic.Length + 1 + 4 + SaltSize + 4 + NoncePrefixSize + KeyCheckSize;

    public const int MinPassphraseLength = 12;

    /// <summary>Whether the file starts as an encrypted backup does.</summary>
    public static bool IsEncrypted(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[Magic.Length];
        return file.ReadAtLeast(start, Magic.Length, throwOnEndOfStream: false) == Magic.Length && start.SequenceEqual(Magic);
    }

    /// <summary>Encrypts <paramref name="plaintextPath"/> into <paramref name="destination"/>.</summary>
    public static async Task EncryptAsync(string plaintextPath, Stream destination, string passphrase, CancellationToken cancellationToken)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var noncePrefix = RandomNumberGenerator.GetBytes(NoncePrefixSize);
        var (key, check) = DeriveKeys(passphrase, salt, Iterations);
        var header = new byte[HeaderSize];
        var offset = 0;
        Magic.CopyTo(header, offset);
        offset += Magic.Length;
        header[offset++] = KdfPbkdf2Sha256;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(offset), Iterations);
        offset += 4;
        salt.CopyTo(header, offset);
        offset += SaltSize;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(offset), ChunkSize);
        offset += 4;
        noncePrefix.CopyTo(header, offset);
        offset += NoncePrefixSize;
        check.CopyTo(header, offset);
        await destination.WriteAsync(header, cancellationToken);

        using var aes = new AesGcm(key, TagSize);
        await using var source = File.OpenRead(plaintextPath);
        var plain = new byte[ChunkSize];
        var sealedChunk = new byte[ChunkSize + TagSize];
        var nonce = new byte[12];
        uint counter = 0;
        while (true)
        {
            var read = await source.ReadAtLeastAsync(plain, ChunkSize, throwOnEndOfStream: false, cancellationToken);
            // A full chunk is never the last: when the plaintext ends on a chunk boundary an empty last chunk follows.
            var last = read < ChunkSize;
            NonceOf(noncePrefix, counter, last, nonce);
            aes.Encrypt(nonce, plain.AsSpan(0, read), sealedChunk.AsSpan(0, read), sealedChunk.AsSpan(read, TagSize), header);
            await destination.WriteAsync(sealedChunk.AsMemory(0, read + TagSize), cancellationToken);
            if (last)
            {
                break;
            }
            counter = checked(counter + 1);
        }
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>
    /// Decrypts <paramref name="encryptedPath"/> into <paramref name="destination"/>; throws
    /// <see cref="BackupException"/> with a French message for a wrong passphrase or a damaged file.
    /// </summary>
    public static async Task DecryptAsync(string encryptedPath, Stream destination, string passphrase, CancellationToken cancellationToken)
    {
        await using var source = File.OpenRead(encryptedPath);
        var header = new byte[HeaderSize];
        if (await source.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken) < HeaderSize
            || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new BackupException("Ce fichier n'est pas une sauvegarde chiffrée de Contrevue (en-tête inconnu).");
        }
        var offset = Magic.Length;
        var kdf = header[offset++];
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(offset));
        offset += 4;
        var salt = header.AsSpan(offset, SaltSize).ToArray();
        offset += SaltSize;
        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(offset));
        offset += 4;
        var noncePrefix = header.AsSpan(offset, NoncePrefixSize).ToArray();
        offset += NoncePrefixSize;
        var expectedCheck = header.AsSpan(offset, KeyCheckSize).ToArray();
        if (kdf != KdfPbkdf2Sha256 || iterations is < Iterations or > MaxIterations || chunkSize != ChunkSize)
        {
            throw new BackupException("En-tête de sauvegarde chiffrée invalide : archive altérée ou faite par une version inconnue de Contrevue.");
        }

        var (key, check) = DeriveKeys(passphrase, salt, (int)iterations);
        if (!CryptographicOperations.FixedTimeEquals(check, expectedCheck))
        {
            throw new BackupException("Phrase de passe incorrecte : cette sauvegarde ne peut pas être déchiffrée avec elle.");
        }

        using var aes = new AesGcm(key, TagSize);
        var sealedChunk = new byte[ChunkSize + TagSize];
        var plain = new byte[ChunkSize];
        var nonce = new byte[12];
        uint counter = 0;
        while (true)
        {
            var read = await source.ReadAtLeastAsync(sealedChunk, sealedChunk.Length, throwOnEndOfStream: false, cancellationToken);
            var last = read < sealedChunk.Length;
            if (read < TagSize)
            {
                throw new BackupException("Sauvegarde chiffrée tronquée ou altérée : elle est refusée.");
            }
            NonceOf(noncePrefix, counter, last, nonce);
            var length = read - TagSize;
            try
            {
                aes.Decrypt(nonce, sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, TagSize), plain.AsSpan(0, length), header);
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new BackupException("Sauvegarde chiffrée altérée ou tronquée (contrôle d'intégrité en échec) : elle est refusée.");
            }
            await destination.WriteAsync(plain.AsMemory(0, length), cancellationToken);
            if (last)
            {
                break;
            }
            counter = checked(counter + 1);
        }
        CryptographicOperations.ZeroMemory(key);
        CryptographicOperations.ZeroMemory(plain);
    }

    private static (byte[] Key, byte[] Check) DeriveKeys(string passphrase, byte[] salt, int iterations)
    {
        var master = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, iterations, HashAlgorithmName.SHA256, 32);
        var key = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, "contrevue-backup-v1 key"u8.ToArray());
        var check = HKDF.Expand(HashAlgorithmName.SHA256, master, KeyCheckSize, "contrevue-backup-v1 check"u8.ToArray());
        CryptographicOperations.ZeroMemory(master);
        return (key, check);
    }

    private static void NonceOf(byte[] prefix, uint counter, bool last, byte[] nonce)
    {
        prefix.CopyTo(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(NoncePrefixSize), counter);
        nonce[11] = last ? (byte)1 : (byte)0;
    }
}

/// <summary>A backup or restore refused for a reason the operator must read (in French).</summary>
public sealed class BackupException(string message) : Exception(message);
