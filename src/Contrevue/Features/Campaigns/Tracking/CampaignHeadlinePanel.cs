using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>The commune page's campaign section: where the commune stands, and what to do next.</summary>
internal sealed class CampaignHeadlinePanel(ContrevueDbContext db, CampaignStatuses statuses) : ITerritoryPanel
{
    public int Order => 100;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken) =>
        await CampaignHeadline.ForAsync(db, statuses, context.Territory, context.Name, cancellationToken) is { } headline
            ? new TerritoryPanelView("/Features/Campaigns/Tracking/_CampaignHeadline.cshtml", headline)
            : null;
}
