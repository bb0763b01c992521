using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Home;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Campaigns.Home;

/// <summary>The home page's first action: « Écrire à ma mairie » for the open campaign, with where it stands.</summary>
public sealed record CampaignHomeModel(string Slug, string Title, int AskedCommunes, int AnsweredCommunes, int CommittedCommunes)
{
    public Territories.Search.TerritoryFieldView Field { get; init; } = null!;
}

internal sealed class CampaignHomeSection(ContrevueDbContext db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : IHomeSection
{
    public int Order => 10;

    public async Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken)
    {
        // The open campaign that writes to communes and that people use most (« Pas de VSA dans ma ville »);
        // between equals, the oldest: a campaign just created does not push the running one off the page.
        var campaigns = await db.Set<Campaign>().AsNoTracking().Where(c => c.IsOpen).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var requestCounts = await db.Set<CampaignRequest>().AsNoTracking()
            .GroupBy(r => r.CampaignId).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);
        var campaign = campaigns
            .Where(c => CampaignInput.TargetLevelsOf(c).Contains("commune"))
            .OrderByDescending(c => requestCounts.GetValueOrDefault(c.Id))
            .FirstOrDefault();
        if (campaign is null)
        {
            return null;
        }
        var asked = await db.Set<CampaignRequest>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.TerritoryKind == TerritoryKind.Commune)
            .Select(r => r.TerritoryCode).Distinct().CountAsync(cancellationToken);
        var answers = await db.Set<CampaignResponse>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id && r.TerritoryKind == TerritoryKind.Commune)
            .Select(r => new { r.TerritoryCode, r.Id, r.RespondedOn, r.Kind })
            .ToListAsync(cancellationToken);
        // The same rule as a territory's status: its latest answer decides.
        var latest = answers.GroupBy(a => a.TerritoryCode).Select(g => g.OrderByDescending(a => a.RespondedOn).ThenByDescending(a => a.Id).First()).ToList();
        var committed = latest.Count(a => CampaignStatuses.Decide(a.Kind, 1) == TerritoryCampaignStatus.Committed);
        var model = new CampaignHomeModel(campaign.Slug, campaign.Title, asked, latest.Count, committed)
        {
            Field = new Territories.Search.TerritoryFieldView("ecrire-commune", "territoire", text["Votre commune"], null),
        };
        return new HomeSectionView("/Features/Campaigns/Home/_CampaignHome.cshtml", model);
    }
}
