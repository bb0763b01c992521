using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;
using Contrevue.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Posters;

/// <summary>The commune page's posters of "Pas de VSA dans ma ville", whose square image is also the page's picture for social networks.</summary>
internal sealed class PosterPanel(SiteAddress site, IStringLocalizer<SharedResource> text) : ITerritoryPanel
{
    public int Order => 200;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune];

    public Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        var posters = PosterLinksModel.PasDeVsa(context.Territory.Code, context.Name);
        return Task.FromResult<TerritoryPanelView?>(new TerritoryPanelView("/Features/Campaigns/Posters/_PosterPanel.cshtml", posters)
        {
            ShareImage = new TerritoryShareImage(
                PosterFiles.ShareImageUrl(site.Of(context.Request), posters.Slug, context.Territory.Code),
                text["Affiche « {0} »", posters.Title].Value),
        });
    }
}
