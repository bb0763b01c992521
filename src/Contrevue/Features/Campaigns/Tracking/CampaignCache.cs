using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Caching;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>Territory pages show each territory's campaign status: a new request or answer makes them stale.</summary>
public sealed class CampaignCache(CacheInvalidation cache, TerritoryDataVersion dataVersion)
{
    public const string Tag = "campaigns";

    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        dataVersion.Invalidate();
        await cache.EvictAsync([TerritoryCache.Tag, Tag], cancellationToken);
    }
}
