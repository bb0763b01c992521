using Contrevue.Features.Territories;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>Territory pages show each territory's campaign status: a new request or answer makes them stale.</summary>
public sealed class CampaignCache(IOutputCacheStore cache, TerritoryDataVersion dataVersion)
{
    public const string Tag = "campaigns";

    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        dataVersion.Invalidate();
        await cache.EvictByTagAsync(TerritoryCache.Tag, cancellationToken);
        await cache.EvictByTagAsync(Tag, cancellationToken);
    }
}
