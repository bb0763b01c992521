using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Fetching;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Files;

public sealed record StoredFileDto(string Sha256, string ContentType, long Length, string Url);

public sealed record SnapshotRequest(string? Url);

public sealed record SnapshotDto(string Sha256, string Url);

/// <summary>Upload and snapshot of sources' files (API, for token holders), and serving them.</summary>
public static class FileEndpoints
{
    /// <summary>What a multipart envelope adds around the file: boundaries, part headers.</summary>
    public const long MultipartMargin = 64 * 1024;

    /// <summary>
    /// Served files are someone else's content on our origin: sandboxed (no script, no form, an opaque
    /// origin without our cookies) and allowed to load nothing. The site's own policy is sent as well
    /// (SecuritySetup): browsers enforce both.
    /// </summary>
    public const string ContentSecurityPolicy = "sandbox; default-src 'none'";

    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .WithTags("Observatoire")
            // Tokens only: a browser session uploads through the pages, with their antiforgery tokens.
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Moderator, Roles.Admin, Roles.Member));

        var maxUpload = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SourceFileOptions>>().Value.MaxUploadBytes;
        api.MapPost("/files", Upload)
            // Not a public write (WithAbuseResistance): its 64 KiB body cap is for anonymous forms.
            .WithMetadata(new BodySizeLimit(maxUpload + MultipartMargin))
            .RequireRateLimiting(FileRateLimits.Uploads)
            .WithName("UploadSourceFile")
            .WithSummary("Déposer le fichier d'une source (PDF, PNG, JPEG, ODT, DOCX ; champ « file » en multipart/form-data)")
            .WithDescription("Le type est reconnu au contenu ; les métadonnées des images (EXIF, position GPS…) sont retirées. " +
                "Le fichier n'est public qu'une fois cité par une source publiée.");

        api.MapPost("/snapshots", Snapshot)
            .WithMetadata(new BodySizeLimit(16 * 1024))
            .RequireRateLimiting(FileRateLimits.Snapshots)
            .WithName("SnapshotSource")
            .WithSummary("Capturer une page web (ou le PDF ou l'image qu'elle désigne), si l'instance l'autorise");

        endpoints.MapGet("/fichiers/{sha256}", Serve)
            .WithTags("Observatoire")
            .WithName("SourceFile")
            .WithSummary("Le fichier d'une source publiée ou d'une réponse publiée");
        return endpoints;
    }

    public static async Task<IResult> Upload(HttpRequest request, SourceFileStore store, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (request.ContentLength > store.MaxUploadBytes + MultipartMargin)
        {
            return Problem(FileErrorKind.TooLarge, text[SourceFileStore.TooLargeMessage, SourceFileStore.FormatSize(store.MaxUploadBytes)]);
        }
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(title: "Type de contenu non pris en charge",
                detail: "Envoyez le fichier en multipart/form-data, dans le champ « file ».",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        IFormFile? file;
        try
        {
            var form = await request.ReadFormAsync(cancellationToken);
            file = form.Files.GetFile("file");
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(FileErrorKind.TooLarge, text[SourceFileStore.TooLargeMessage, SourceFileStore.FormatSize(store.MaxUploadBytes)]);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return TypedResults.Problem(title: "Requête invalide",
                detail: "Le formulaire envoyé n'a pas pu être lu : envoyez le fichier en multipart/form-data, dans le champ « file ».",
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (file is null)
        {
            return TypedResults.Problem(title: "Aucun fichier",
                detail: "Aucun fichier reçu : envoyez-le dans le champ « file » d'un formulaire multipart/form-data.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        await using var content = file.OpenReadStream();
        var result = await store.StoreAsync(content, file.FileName, file.Length, cancellationToken);
        if (result.File is not { } stored)
        {
            return Problem(result.ErrorKind!.Value, result.Error!);
        }
        return TypedResults.Created(stored.Url, new StoredFileDto(stored.Sha256, stored.ContentType, stored.Length, stored.Url));
    }

    public static async Task<IResult> Snapshot(SnapshotRequest? body, SourceSnapshotter snapshotter, CancellationToken cancellationToken)
    {
        var result = await snapshotter.SnapshotAsync(body?.Url ?? "", cancellationToken);
        if (result.File is not { } stored)
        {
            var (status, title) = result.ErrorKind switch
            {
                SnapshotErrorKind.Disabled => (StatusCodes.Status409Conflict, "Captures désactivées"),
                SnapshotErrorKind.RefusedAddress => (StatusCodes.Status400BadRequest, "Adresse refusée"),
                SnapshotErrorKind.Unreachable => (StatusCodes.Status502BadGateway, "Page injoignable"),
                SnapshotErrorKind.UnsupportedContent => (StatusCodes.Status415UnsupportedMediaType, "Contenu non pris en charge"),
                SnapshotErrorKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Page trop volumineuse"),
                _ => (StatusCodes.Status400BadRequest, "Adresse invalide"),
            };
            return TypedResults.Problem(title: title, detail: result.Error, statusCode: status);
        }
        return TypedResults.Created(stored.Url, new SnapshotDto(stored.Sha256, stored.Url));
    }

    /// <summary>
    /// A file as widely as what cites it allows (<see cref="FileVisibility"/>); otherwise 404, as for a file
    /// that does not exist: an upload stays private until something public cites it.
    /// </summary>
    public static async Task<IResult> Serve(string sha256, HttpContext context, SourceFileStore store, FileVisibility visibility, CancellationToken cancellationToken)
    {
        var head = await store.FindAsync(sha256, cancellationToken);
        var audience = head is null ? FileAudience.Nobody : await visibility.AudienceAsync(sha256, cancellationToken);
        if (head is null || !FileVisibility.Includes(audience, context.User))
        {
            return TypedResults.NotFound();
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The bytes at this address never change; whether they are shown may (a source hidden after a
        // report), so an unpublished file seen by a moderator is kept by no cache.
        // An hour, not a year: a source hidden after reports must stop being served by shared caches soon.
        headers.CacheControl = audience == FileAudience.Everyone ? "public, max-age=3600" : "private, no-store";
        // Documents that need an office suite are downloaded; what a browser shows is shown.
        var disposition = new ContentDispositionHeaderValue(InlineExtensions.Contains(head.Extension) ? "inline" : "attachment");
        disposition.SetHttpFileName($"source-{head.Sha256[..12]}.{head.Extension}");
        headers.ContentDisposition = disposition.ToString();

        var etag = new EntityTagHeaderValue($"\"{head.Sha256}\"");
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var content = await store.ReadAsync(sha256, cancellationToken);
        return content is null
            ? TypedResults.NotFound()
            : TypedResults.Bytes(content, head.ContentType, entityTag: etag, enableRangeProcessing: true);
    }

    // PDFs are downloaded: Chrome and Safari refuse to show a PDF under the sandbox policy, and the
    // sandbox is what keeps a hostile document from running in our origin.
    private static readonly HashSet<string> InlineExtensions =
        [FileType.Png.Extension, FileType.Jpeg.Extension, FileType.Html.Extension];

    private static ProblemHttpResult Problem(FileErrorKind kind, string detail)
    {
        var (status, title) = kind switch
        {
            FileErrorKind.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Fichier trop volumineux"),
            FileErrorKind.UnsupportedType => (StatusCodes.Status415UnsupportedMediaType, "Type de fichier refusé"),
            FileErrorKind.Mismatch => (StatusCodes.Status415UnsupportedMediaType, "Type de fichier refusé"),
            _ => (StatusCodes.Status400BadRequest, "Fichier illisible"),
        };
        return TypedResults.Problem(title: title, detail: detail, statusCode: status);
    }

    /// <summary>The body cap of one endpoint, applied by routing to the server's limit.</summary>
    private sealed class BodySizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}
