using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns;

/// <summary>
/// The campaign a page shows when it names one: the open campaign that writes to communes and that people
/// use most (« Pas de VSA dans ma ville »); between equals, the oldest, so that a campaign just created does
/// not push the running one off the page.
/// </summary>
public sealed class MainCampaign(ContrevueDbContext db)
{
    public async Task<Campaign?> FindAsync(CancellationToken cancellationToken)
    {
        var campaigns = await db.Set<Campaign>().AsNoTracking().Where(c => c.IsOpen).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var requestCounts = await db.Set<CampaignRequest>().AsNoTracking()
            .GroupBy(r => r.CampaignId).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
        return campaigns
            .Where(c => CampaignInput.TargetLevelsOf(c).Contains("commune"))
            .OrderByDescending(c => requestCounts.GetValueOrDefault(c.Id))
            .FirstOrDefault();
    }
}
