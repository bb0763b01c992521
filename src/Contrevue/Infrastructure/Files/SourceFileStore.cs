using System.Globalization;
using System.Security.Cryptography;
using Contrevue.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Files;

public enum FileErrorKind
{
    /// <summary>Over <c>Observatoire:MaxUploadBytes</c>: 413.</summary>
    TooLarge,
    /// <summary>Not one of the accepted types: 415.</summary>
    UnsupportedType,
    /// <summary>The name's extension says one type, the content another: 415.</summary>
    Mismatch,
    /// <summary>Of an accepted type but unreadable (truncated image, empty file): 400.</summary>
    Malformed,
}

/// <summary>A file as stored: its address is <c>/fichiers/{Sha256}</c>.</summary>
public sealed record StoredFileInfo(string Sha256, string ContentType, long Length, string Extension)
{
    public string Url => SourceFileStore.UrlOf(Sha256);
}

/// <summary>The stored file, or why it was refused (French, for the person who sent it).</summary>
public sealed record FileStoreResult(StoredFileInfo? File, FileErrorKind? ErrorKind = null, string? Error = null)
{
    public bool Succeeded => File is not null;

    public static FileStoreResult Refused(FileErrorKind kind, string error) => new(null, kind, error);
}

/// <summary>What serving a file needs to know before reading its bytes (who may see it is <see cref="FileVisibility"/>'s to say).</summary>
public sealed record StoredFileHead(string Sha256, string ContentType, string Extension, long Length);

/// <summary>
/// The files of the observatoire's sources: recognised by their content, images and documents stripped of
/// their metadata, stored once by the SHA-256 of the stored bytes. The uploaded name is forgotten but for its
/// extension, which must agree with the content.
/// </summary>
public sealed class SourceFileStore(ContrevueDbContext db, TimeProvider time, IOptions<SourceFileOptions> options, IStringLocalizer<SharedResource> text)
{
    /// <summary>The size refusal, with the allowed size (<see cref="FormatSize"/>) as its argument.</summary>
    public const string TooLargeMessage = "Le fichier dépasse la taille permise ({0}).";

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public ArchiveLimits ArchiveLimits => options.Value.ArchiveLimits;

    public static string UrlOf(string sha256) => $"/fichiers/{sha256}";

    public static bool IsSha256(string? value) =>
        value is { Length: 64 } && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <param name="fileName">The name given by the sender, if any: only its extension is looked at.</param>
    /// <param name="declaredLength">The length announced (a form's file length, Content-Length), to refuse before reading.</param>
    public Task<FileStoreResult> StoreAsync(Stream content, string? fileName, long? declaredLength, CancellationToken cancellationToken) =>
        StoreAsync(content, fileName, declaredLength, UploadProfile.Sources, cancellationToken);

    /// <param name="profile">Which types are accepted (the kit's profile adds ODP and SVG).</param>
    public async Task<FileStoreResult> StoreAsync(Stream content, string? fileName, long? declaredLength, UploadProfile profile, CancellationToken cancellationToken)
    {
        var max = MaxUploadBytes;
        if (declaredLength > max)
        {
            return TooLarge(max);
        }
        var bytes = await ReadAtMostAsync(content, max, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(max);
        }
        if (bytes.Length == 0)
        {
            return FileStoreResult.Refused(FileErrorKind.Malformed, "Le fichier est vide.");
        }

        var limits = ArchiveLimits;
        if (ArchiveGuard.IsZip(bytes))
        {
            // Before the sniffer reads the archive's directory: a directory of millions of entries costs memory too.
            try
            {
                ArchiveGuard.CheckDirectory(bytes, limits, "un document");
            }
            catch (ArchiveRefusedException refused)
            {
                return FileStoreResult.Refused(refused.Kind, refused.Message);
            }
        }
        var sniffed = profile.Sniff(bytes);
        var extension = ExtensionOf(fileName);
        FileType? named = null;
        if (extension is not null && !profile.Extensions.TryGetValue(extension, out named) && sniffed.Type is not null)
        {
            return FileStoreResult.Refused(FileErrorKind.Mismatch,
                $"Le nom du fichier se termine par .{extension}, mais son contenu est {sniffed.Type.Label} : renommez-le en .{sniffed.Type.Extension} ou envoyez le bon fichier.");
        }
        if (named is not null && named != sniffed.Type)
        {
            return FileStoreResult.Refused(FileErrorKind.Mismatch,
                $"Le nom du fichier se termine par .{extension}, mais ce n'est pas {named.Label} : son contenu semble être {sniffed.Description}.");
        }
        if (sniffed.Type is not { } type)
        {
            return FileStoreResult.Refused(FileErrorKind.UnsupportedType,
                $"Ce type de fichier n'est pas accepté : son contenu semble être {sniffed.Description}. Envoyez un fichier {profile.AcceptedList}.");
        }

        byte[]? cleaned = bytes;
        if (type == FileType.Jpeg)
        {
            cleaned = ImageCleaner.CleanJpeg(bytes);
        }
        else if (type == FileType.Png)
        {
            cleaned = ImageCleaner.CleanPng(bytes);
        }
        if (cleaned is null)
        {
            return FileStoreResult.Refused(FileErrorKind.Malformed,
                text["Cette image {0} est malformée ou tronquée : elle ne peut pas être acceptée. Exportez-la de nouveau et réessayez.", type == FileType.Jpeg ? "JPEG" : "PNG"]);
        }
        var document = type == FileType.Pdf ? DocumentCleaner.CleanPdf(cleaned)
            : type == FileType.Docx ? DocumentCleaner.CleanDocx(cleaned, limits)
            : type == FileType.Odt ? DocumentCleaner.CleanOdt(cleaned, limits)
            : type == FileType.Odp ? DocumentCleaner.CleanOdp(cleaned, limits)
            : type == FileType.Svg ? SvgCleaner.Clean(cleaned)
            : new CleanedDocument(cleaned);
        if (document.Bytes is null)
        {
            return FileStoreResult.Refused(document.ErrorKind, document.Error!);
        }
        return new FileStoreResult(await SaveAsync(document.Bytes, type.ContentType, type.Extension, cancellationToken));
    }

    /// <summary>A web page captured by <see cref="SourceSnapshotter"/>, stored as it was received.</summary>
    internal async Task<StoredFileInfo> StoreHtmlAsync(byte[] html, string? charset, CancellationToken cancellationToken)
    {
        var contentType = charset is null ? FileType.Html.ContentType : $"{FileType.Html.ContentType}; charset={charset}";
        return await SaveAsync(html, contentType, FileType.Html.Extension, cancellationToken);
    }

    /// <summary>The file's type and length, without reading its bytes; null when unknown.</summary>
    public async Task<StoredFileHead?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        if (!IsSha256(sha256))
        {
            return null;
        }
        var file = await db.Set<StoredFile>().AsNoTracking()
            .Where(f => f.Sha256 == sha256)
            .Select(f => new { f.ContentType, f.Extension, f.Length })
            .FirstOrDefaultAsync(cancellationToken);
        if (file is null)
        {
            return null;
        }
        return new StoredFileHead(sha256, file.ContentType, file.Extension, file.Length);
    }

    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken) =>
        await db.Set<StoredFile>().AsNoTracking()
            .Where(f => f.Sha256 == sha256)
            .Select(f => f.Content)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task<StoredFileInfo> SaveAsync(byte[] content, string contentType, string extension, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var files = db.Set<StoredFile>();
        if (!await files.AnyAsync(f => f.Sha256 == sha256, cancellationToken))
        {
            var file = new StoredFile
            {
                Sha256 = sha256,
                ContentType = contentType,
                Extension = extension,
                Length = content.Length,
                CreatedAt = time.GetUtcNow().UtcDateTime,
                Content = content,
            };
            files.Add(file);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same bytes sent at the same moment by someone else: theirs is ours.
                db.Entry(file).State = EntityState.Detached;
                if (!await files.AnyAsync(f => f.Sha256 == sha256, cancellationToken))
                {
                    throw;
                }
            }
            // The context is the request's: it need not hold megabytes once they are saved.
            db.Entry(file).State = EntityState.Detached;
        }
        return new StoredFileInfo(sha256, contentType, content.Length, extension);
    }

    private static string? ExtensionOf(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }
        // Browsers of old sent the whole path, with either separator.
        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        var dot = name.LastIndexOf('.');
        return dot <= 0 || dot == name.Length - 1 ? null : name[(dot + 1)..].ToLowerInvariant();
    }

    private FileStoreResult TooLarge(long max) =>
        FileStoreResult.Refused(FileErrorKind.TooLarge, text[TooLargeMessage, FormatSize(max)]);

    /// <summary>"20 Mio", "512 Kio": the units of French file sizes.</summary>
    public static string FormatSize(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR")) + " Mio"
        : Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture) + " Kio";

    /// <summary>The stream's bytes, or null as soon as there are more than <paramref name="max"/>.</summary>
    internal static async Task<byte[]?> ReadAtMostAsync(Stream content, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
