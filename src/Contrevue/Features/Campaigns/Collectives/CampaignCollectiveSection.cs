using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Campaigns.Scoreboard;
using Contrevue.Features.Collectives.Profile;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Collectives;

/// <summary>What a collective's profile shows of the campaign: where the communes it covers stand.</summary>
public sealed record CollectiveCampaignModel(string CampaignSlug, string CampaignTitle, IReadOnlyList<AskedCommune> Communes, int Asked, int Answered, int Committed)
{
    /// <summary>The communes listed on the profile (the most populated first): the rest are on the scoreboard.</summary>
    public const int Shown = 30;
}

internal sealed class CampaignCollectiveSection(MainCampaign mainCampaign, CampaignScoreboard scoreboard, ContrevueDbContext db) : ICollectiveProfileSection
{
    public int Order => 20;

    public async Task<CollectiveProfileSectionView?> LoadAsync(CollectiveProfileContext context, CancellationToken cancellationToken)
    {
        // The profile is cached: a new request or answer of the campaign evicts it too.
        Infrastructure.Caching.PublicPageCache.Tag(context.Request.HttpContext, Tracking.CampaignCache.Tag);
        var campaign = await mainCampaign.FindAsync(cancellationToken);
        if (campaign is null)
        {
            return null;
        }
        var communeCodes = context.Territories.Where(t => t.Kind == TerritoryKind.Commune).Select(t => t.Code).ToHashSet();
        var departements = context.Territories.Where(t => t.Kind == TerritoryKind.Departement).Select(t => t.Code).ToHashSet();
        var regions = context.Territories.Where(t => t.Kind == TerritoryKind.Region).Select(t => t.Code).ToHashSet();
        var epcis = context.Territories.Where(t => t.Kind == TerritoryKind.Epci).Select(t => t.Code).ToList();
        if (epcis.Count > 0)
        {
            communeCodes.UnionWith(await db.Set<Commune>().AsNoTracking().Where(c => c.EpciSiren != null && epcis.Contains(c.EpciSiren))
                .Select(c => c.Code).ToListAsync(cancellationToken));
        }
        var covered = (await scoreboard.AskedCommunesAsync(campaign, cancellationToken))
            .Where(c => communeCodes.Contains(c.Code) || departements.Contains(c.DepartementCode) || regions.Contains(c.RegionCode))
            .OrderByDescending(c => c.Population ?? 0).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var model = new CollectiveCampaignModel(campaign.Slug, campaign.Title, covered,
            covered.Count(c => c.Requests > 0), covered.Count(c => c.LatestAnswerOn is not null), covered.Count(c => c.Status == TerritoryCampaignStatus.Committed));
        return new CollectiveProfileSectionView("/Features/Campaigns/Collectives/_CollectiveCampaign.cshtml", model);
    }
}
