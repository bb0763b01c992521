using Contrevue.Infrastructure.Files;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Kit;

/// <summary>
/// The kit's files: <c>/kit/fichiers/{id}</c> downloads one (and counts it), <c>/kit/fichiers/{id}/apercu</c>
/// shows its preview. Never output-cached: each download is counted by the server that answers it, and the
/// resource's cached page shows the new count within <see cref="KitOptions.DownloadCountRefreshSeconds"/>.
/// </summary>
public static class KitFileEndpoints
{
    public static string DownloadPath(int fileId) => $"/kit/fichiers/{fileId}";

    public static string PreviewPath(int fileId) => $"/kit/fichiers/{fileId}/apercu";

    public static IEndpointRouteBuilder MapKitFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/kit/fichiers/{id:int}", DownloadAsync)
            .WithTags("Kit")
            .WithName("DownloadKitFile")
            .WithSummary("Télécharger un fichier du kit (compté, sans rien retenir de qui le télécharge)");
        endpoints.MapGet("/kit/fichiers/{id:int}/apercu", PreviewAsync)
            .WithTags("Kit")
            .WithName("KitFilePreview")
            .WithSummary("L'aperçu d'un fichier du kit (PNG ; une image SVG est son propre aperçu)");
        return endpoints;
    }

    /// <summary>
    /// Always an attachment under the sandbox policy, whatever the type: an SVG opened from here runs no
    /// script (<see cref="SvgCleaner"/>), a PDF opens in the reader of the person who downloads it. A
    /// conditional or partial request (a resumed download) is served but not counted again.
    /// </summary>
    public static async Task<IResult> DownloadAsync(
        int id, HttpContext context, KitService kit, SourceFileStore store, KitDownloadCounts counts, CancellationToken cancellationToken)
    {
        if (await kit.FileAsync(context.User, id, cancellationToken) is not { } found)
        {
            return TypedResults.NotFound();
        }
        var (file, resource, version) = found;
        var published = resource.Status == KitStatus.Published;
        Protect(context, published);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"{Truncate(resource.Slug, 60)}-v{version}.{file.Extension}");
        context.Response.Headers.ContentDisposition = disposition.ToString();
        var etag = new EntityTagHeaderValue($"\"{file.Sha256}\"");
        var request = context.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            context.Response.Headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var content = await store.ReadAsync(file.Sha256, cancellationToken);
        if (content is null)
        {
            return TypedResults.NotFound();
        }
        if (request.Range is null || request.Range.Ranges.FirstOrDefault()?.From is null or 0)
        {
            await kit.CountDownloadAsync(file.Id, cancellationToken);
            if (published)
            {
                await counts.CountedAsync(resource.Id, cancellationToken);
            }
        }
        return TypedResults.Bytes(content, file.MediaType, entityTag: etag, enableRangeProcessing: true);
    }

    public static async Task<IResult> PreviewAsync(int id, HttpContext context, KitService kit, SourceFileStore store, CancellationToken cancellationToken)
    {
        if (await kit.FileAsync(context.User, id, cancellationToken) is not { File.PreviewSha256: { } previewSha } found
            || await store.FindAsync(previewSha, cancellationToken) is not { } head)
        {
            return TypedResults.NotFound();
        }
        Protect(context, found.Resource.Status == KitStatus.Published);
        // An SVG preview is the SVG itself: pages show it through <img>, where it runs nothing; opened
        // directly, it is downloaded and sandboxed like the file.
        var inline = head.ContentType == FileType.Png.ContentType;
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName($"apercu-{id}.{head.Extension}");
        context.Response.Headers.ContentDisposition = disposition.ToString();
        var etag = new EntityTagHeaderValue($"\"{head.Sha256}\"");
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
        {
            context.Response.Headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var content = await store.ReadAsync(head.Sha256, cancellationToken);
        return content is null ? TypedResults.NotFound() : TypedResults.Bytes(content, head.ContentType, entityTag: etag);
    }

    private static void Protect(HttpContext context, bool published)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = FileEndpoints.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // Shared caches would serve a download without counting it; a pending resource's file is nobody's to keep.
        headers.CacheControl = published ? "private, max-age=3600" : "private, no-store";
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length].TrimEnd('-');
}
