using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Territories.Api;

/// <summary>
/// ETag and conditional GET for territory data: the tag is derived from the data version and the
/// request's URL, so an unchanged resource answers 304 without querying the database.
/// </summary>
internal sealed class TerritoryETagFilter(TerritoryDataVersion version) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return await next(context);
        }
        var dataVersion = await version.CurrentAsync(http.RequestAborted);
        var material = $"{dataVersion}|{http.Request.Path}|{http.Request.QueryString}";
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..24]}\"");

        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Tag == "*" || tag.Compare(etag, useStrongComparison: false)))
        {
            http.Response.Headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var result = await next(context);
        // Only successful answers carry the tag: an error must not be revalidated as if it were the resource.
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status200OK)
            {
                http.Response.Headers.ETag = etag.ToString();
                http.Response.Headers.CacheControl = "public, max-age=300, must-revalidate";
            }
            return Task.CompletedTask;
        });
        return result;
    }
}
