using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Events;

/// <summary>
/// Output-cache policy of the agenda's public pages, API reads and feeds (<see cref="PublicPageCache"/>): every
/// write of an event evicts them all, since any event may show in any list, feed or month.
/// </summary>
public static class EventsCache
{
    public const string Policy = "events";
    /// <summary>The calendar files, which read no query: one cached file per path whatever the query says.</summary>
    public const string FeedPolicy = "events-feeds";
    public const string AllTag = "events";

    /// <summary>
    /// "Upcoming" moves with the clock: a page kept this long may still show a meeting that started a few
    /// minutes ago, never a changed or cancelled one (writes evict at once).
    /// </summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    internal static void AddPolicies(OutputCacheOptions options)
    {
        PublicPageCache.AddPolicy(options, Policy, Lifetime, AllTag);
        PublicPageCache.AddPolicy(options, FeedPolicy, Lifetime, queryKeys: [], AllTag);
    }
}
