using Contrevue.Data;
using Contrevue.Features.Campaigns.Administration;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.History;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>Territory pages show where each territory stands in the campaign (requests, answers) and the campaign's own text.</summary>
internal sealed class CampaignDataVersionSource(ContrevueDbContext db) : ITerritoryDataVersionSource
{
    public async Task<string> CurrentAsync(CancellationToken cancellationToken)
    {
        var lastRequest = await db.Set<CampaignRequest>().MaxAsync(r => (int?)r.Id, cancellationToken);
        var lastResponse = await db.Set<CampaignResponse>().MaxAsync(r => (int?)r.Id, cancellationToken);
        var lastEdit = await db.Set<Revision>().Where(r => r.EntityType == CampaignEditor.EntityType).MaxAsync(r => (int?)r.Id, cancellationToken);
        return $"{lastRequest}/{lastResponse}/{lastEdit}";
    }
}
