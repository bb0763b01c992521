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

internal sealed class CampaignHomeSection(MainCampaign mainCampaign, Scoreboard.CampaignScoreboard scoreboard, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : IHomeSection
{
    public int Order => 10;

    public async Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken)
    {
        var campaign = await mainCampaign.FindAsync(cancellationToken);
        if (campaign is null)
        {
            return null;
        }
        // The scoreboard's own reading of the campaign: each commune once, its latest answer deciding.
        var communes = await scoreboard.AskedCommunesAsync(campaign, cancellationToken);
        var asked = communes.Count(c => c.Requests > 0);
        var answered = communes.Count(c => c.LatestAnswerOn is not null);
        var committed = communes.Count(c => c.Status == TerritoryCampaignStatus.Committed);
        var model = new CampaignHomeModel(campaign.Slug, campaign.Title, asked, answered, committed)
        {
            Field = new Territories.Search.TerritoryFieldView("ecrire-commune", "territoire", text["Votre commune"], null),
        };
        return new HomeSectionView("/Features/Campaigns/Home/_CampaignHome.cshtml", model);
    }
}
