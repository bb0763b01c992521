using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Infrastructure.Caching;

/// <summary>
/// The pattern every public page whose content changes with writes follows (dossiers, lists, statistics,
/// vendors, and the pages of features to come): served to anonymous visitors from the output cache, and
/// evicted precisely by the writes that change it, through the tags the page declares.
/// <list type="bullet">
/// <item>A feature adds a policy with <see cref="AddPolicy"/> and puts it on its pages (<c>[OutputCache(PolicyName = …)]</c>
/// or <c>.CacheOutput(…)</c>).</item>
/// <item>A page tags its response with what it shows (<see cref="Tag"/>: "dossier:12", a territory's tag…).</item>
/// <item>A write evicts those tags once saved, in every instance (<c>CacheInvalidation</c>).</item>
/// </list>
/// Signed-in visitors and API clients with a token are never served from the cache nor stored in it (the
/// output cache's default rule, which runs after authentication), so they see their edit links. The
/// lifetime is only a safety net.
/// </summary>
public static class PublicPageCache
{
    /// <summary>Every page of this pattern carries it: evicting it empties them all (an instance that may have missed evictions).</summary>
    public const string AllPagesTag = "public-pages";

    public static void AddPolicy(OutputCacheOptions options, string name, TimeSpan lifetime, params string[] tags) =>
        AddPolicy(options, name, lifetime, queryKeys: ["*"], tags);

    /// <summary>
    /// A policy whose responses depend only on <paramref name="queryKeys"/> (none: the path alone). Any other
    /// query parameter is served the same cached response, so made-up parameters (<c>?x=1</c>, <c>?x=2</c>…)
    /// cannot force renders of an expensive response such as a calendar feed of every event.
    /// </summary>
    public static void AddPolicy(OutputCacheOptions options, string name, TimeSpan lifetime, string[] queryKeys, params string[] tags) =>
        options.AddPolicy(name, policy => policy
            .Expire(lifetime)
            .AddPolicy<SpreadExpiry>()
            .SetVaryByQuery(queryKeys)
            .VaryByValue(Contrevue.Infrastructure.Localization.LocalizationSetup.CacheKey)
            .Tag([AllPagesTag, .. tags])
            .AddPolicy<NothingReadBeforeAnEviction>());

    /// <summary>Tags the response being rendered with what it shows, when it is going to be cached.</summary>
    public static void Tag(HttpContext context, params IEnumerable<string> tags)
    {
        if (context.Features.Get<IOutputCacheFeature>()?.Context is { } cached)
        {
            cached.Tags.UnionWith(tags);
        }
    }

    /// <summary>
    /// Each response lives between three quarters of its policy's lifetime and the whole of it. Pages stored together
    /// (the first minutes of a press peak, an instance that just started) would otherwise all expire in the
    /// same second and be rendered again at once, on every instance.
    /// </summary>
    internal sealed class SpreadExpiry : IOutputCachePolicy
    {
        /// <summary>After <c>Expire</c>, which sets the policy's lifetime.</summary>
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.ResponseExpirationTimeSpan *= 0.75 + (0.25 * Random.Shared.NextDouble());
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }

    /// <summary>
    /// A response rendered while a write was being evicted may show the data of before the write: it is
    /// served, but not stored, so the cache never outlives the eviction with it. The window left is the
    /// write of the body itself, after the check.
    /// </summary>
    private sealed class NothingReadBeforeAnEviction : IOutputCachePolicy
    {
        private const string GenerationKey = "Contrevue.PublicPageCache.Generation";

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.HttpContext.Items[GenerationKey] = context.HttpContext.RequestServices.GetRequiredService<CacheInvalidation>().Generation;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.Items[GenerationKey] is long generation
                && !context.HttpContext.RequestServices.GetRequiredService<CacheInvalidation>().IsCurrent(generation))
            {
                context.AllowCacheStorage = false;
            }
            return ValueTask.CompletedTask;
        }
    }
}
