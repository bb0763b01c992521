using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Kit;

/// <summary>
/// Output-cache policy of the kit's public pages and API reads (<see cref="PublicPageCache"/>). Each response
/// says what it shows: the lists (<c>/kit</c>, <c>/api/v1/kit</c>) <see cref="ListTag"/>, a resource's page and
/// API document <see cref="ResourceTag"/>. A write of a resource (edit, version, publication, deletion) evicts
/// its own page and the lists, not the other resources' pages; a download evicts its resource's page only, at
/// most once per <see cref="KitOptions.DownloadCountRefreshSeconds"/> (<see cref="KitDownloadCounts"/>).
/// </summary>
public static class KitCache
{
    public const string Policy = "kit";
    /// <summary>On every response of the policy: evicting it empties the kit's whole cache.</summary>
    public const string AllTag = "kit";
    public const string ListTag = "kit-list";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static string ResourceTag(int id) => "kit:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static void AddPolicies(OutputCacheOptions options) =>
        PublicPageCache.AddPolicy(options, Policy, Lifetime, queryKeys: ["type", "langue", "format", "kind", "language"], AllTag);
}
