using Contrevue.Features.Carte.Tiles;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Carte;

/// <summary>
/// The output-cache policy of <c>/carte</c>: a press peak on the map is served from memory. A response
/// varies by the visitor's language, by the query parameters the page reads (the layers, the département
/// and each layer's filters: made-up parameters cannot force renders) and by every layer's version, so an
/// edit shows as soon as its layer's version moves, without waiting for the lifetime.
/// </summary>
internal static class CarteCache
{
    public const string Policy = "carte";

    internal static void AddPolicy(OutputCacheOptions options) =>
        options.AddPolicy(Policy, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            .AddPolicy<PublicPageCache.SpreadExpiry>()
            .VaryByValue(Infrastructure.Localization.LocalizationSetup.CacheKey)
            .AddPolicy<VaryByLayers>());

    private sealed class VaryByLayers : IOutputCachePolicy
    {
        public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var services = context.HttpContext.RequestServices;
            var layers = services.GetServices<IMapLayer>().Where(l => !l.IsBackground).ToList();
            context.CacheVaryByRules.QueryKeys = new([.. new[] { "couche", PointFilter.DepartementParameter }
                .Concat(layers.OfType<IMapLayerFilters>().SelectMany(l => l.Filters).Select(f => f.Parameter)).Distinct(StringComparer.Ordinal)]);
            var tiles = services.GetRequiredService<MapTiles>();
            foreach (var layer in layers)
            {
                context.CacheVaryByRules.VaryByValues["couche:" + layer.Code] = await tiles.VersionAsync(layer, cancellation);
            }
            // The choropleth's départements and names.
            context.CacheVaryByRules.VaryByValues["territoires"] = await services.GetRequiredService<TerritoryDataVersion>().CurrentAsync(cancellation);
            context.CacheVaryByRules.VaryByValues["fond"] = services.GetRequiredService<Basemap>().Current()?.Version ?? "";
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }
}
