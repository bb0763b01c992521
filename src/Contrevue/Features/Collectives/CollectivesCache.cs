using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Collectives;

/// <summary>
/// The public directory, profiles and API reads of collectives (<see cref="PublicPageCache"/>): every
/// change of a collective (profile, territories, members, listing) evicts them all — there are few
/// collectives and few changes — together with the territory pages, which show who covers them.
/// </summary>
public static class CollectivesCache
{
    public const string Policy = "collectives";
    public const string Tag = "collectives";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    internal static void AddPolicies(OutputCacheOptions options) => PublicPageCache.AddPolicy(options, Policy, Lifetime, Tag);

    internal static Task EvictAsync(CacheInvalidation cache, CancellationToken cancellationToken) =>
        cache.EvictAsync([Tag, Territories.TerritoryCache.Tag], cancellationToken);
}
