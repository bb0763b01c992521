using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Veille;

/// <summary>
/// Output-cache policies of the news watch's public pages, API reads and Atom feeds (<see cref="PublicPageCache"/>):
/// every addition evicts them all, since a new article may show in any list, filter or feed.
/// </summary>
public static class VeilleCache
{
    public const string Policy = "veille";
    /// <summary>The Atom feeds: one cached feed per territory, tag and dossier asked, whatever else the query says.</summary>
    public const string FeedPolicy = "veille-feeds";
    public const string AllTag = "veille";

    /// <summary>A safety net only: writes evict at once.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    internal static void AddPolicies(OutputCacheOptions options)
    {
        PublicPageCache.AddPolicy(options, Policy, Lifetime, AllTag);
        PublicPageCache.AddPolicy(options, FeedPolicy, Lifetime, queryKeys: [.. VeilleFeed.QueryKeys], AllTag);
    }
}
