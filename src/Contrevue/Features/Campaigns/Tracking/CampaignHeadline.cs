using Contrevue.Data;
using Contrevue.Features.Territories;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>The campaign's headline on a territory page: where the territory stands, and what to do next.</summary>
public sealed record CampaignHeadline(Campaign Campaign, TerritoryStatus Status)
{
    public static async Task<CampaignHeadline?> ForAsync(
        ContrevueDbContext db, CampaignStatuses statuses, TerritoryReference territory, string name, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(CampaignSeed.PasDeVsaSlug, cancellationToken);
        if (campaign is null || !CampaignInput.TargetLevelsOf(campaign).Contains(TerritoryReference.Prefix(territory.Kind)))
        {
            return null;
        }
        return new CampaignHeadline(campaign, await statuses.ForTerritoryAsync(campaign, territory, name, cancellationToken));
    }

    /// <summary>CSS modifier of the status badge.</summary>
    public string StatusClass => Status.Status switch
    {
        TerritoryCampaignStatus.Committed => "status--committed",
        TerritoryCampaignStatus.Partial or TerritoryCampaignStatus.Evasive => "status--partial",
        TerritoryCampaignStatus.Refused => "status--refused",
        _ => "status--none",
    };
}
