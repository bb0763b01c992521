using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Kit;

/// <summary>
/// Output-cache policy of the kit's public pages and API reads (<see cref="PublicPageCache"/>): every write of
/// a resource (creation, version, publication) evicts them all. Download counts are not writes of this kind:
/// a cached page shows them as they were when it was rendered, at most <see cref="Lifetime"/> ago.
/// </summary>
public static class KitCache
{
    public const string Policy = "kit";
    public const string AllTag = "kit";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    internal static void AddPolicies(OutputCacheOptions options) =>
        PublicPageCache.AddPolicy(options, Policy, Lifetime, queryKeys: ["type", "langue", "format", "kind", "language"], AllTag);
}
