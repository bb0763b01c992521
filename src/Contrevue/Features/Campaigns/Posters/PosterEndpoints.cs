using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;

namespace Contrevue.Features.Campaigns.Posters;

public static class PosterEndpoints
{
    public static IEndpointRouteBuilder MapPosters(this IEndpointRouteBuilder endpoints)
    {
        // A poster depends only on the commune, the campaign and the site's address (from SiteAddress;
        // the host is part of the cache key): cached here and by browsers and proxies.
        endpoints.MapGet("/campagnes/{slug}/affiches/{file}", GetPoster)
            .CacheOutput(TerritoryCache.Policy)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>An unknown campaign, commune or file name is a 404, answered with the French page.</summary>
    public static async Task<IResult> GetPoster(string slug, string file, HttpContext context, PosterService posters, SiteAddress site, ExpensiveWorkLimiter limiter, CancellationToken cancellationToken)
    {
        if (!PosterFiles.TryParse(file, out var communeCode, out var format)
            || await posters.ContentAsync(slug, communeCode, PosterFiles.PrintedAddress(site.Of(context.Request), slug), cancellationToken) is not { } content)
        {
            return Results.NotFound();
        }
        // Only a miss of the output cache gets here; a 503 is not cached.
        if (!await limiter.TryEnterAsync(context))
        {
            return limiter.Busy(context);
        }
        var bytes = format == PosterFormat.Square ? PosterRenderer.RenderPng(content) : PosterRenderer.RenderPdf(content, format);
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.File(bytes, PosterFiles.ContentType(format));
    }
}
