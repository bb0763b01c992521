using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Map;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Scoreboard;

/// <summary>The campaign's scoreboard: communes by status, the population covered by commitments, by région and on the map.</summary>
[OutputCache(PolicyName = ScoreboardSetup.CachePolicy)]
public sealed class BoardModel(
    ContrevueDbContext db, CampaignScoreboard scoreboard, TerritoryQueries territories, DepartementMapShapes shapes, IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public ScoreboardResult? Result { get; private set; }
    public DepartementMap? Map { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return NotFound();
        }
        Campaign = campaign;
        if (!CampaignScoreboard.CountsCommunes(campaign))
        {
            return Page();
        }
        Result = await scoreboard.ComputeAsync(campaign, cancellationToken);
        var rows = Result.Departements.ToDictionary(r => r.Code);
        Map = DepartementMap.Build(
            shapes,
            await territories.DepartementsAsync(cancellationToken),
            d => rows.TryGetValue(d.Code, out var row) && row.Population > 0 ? row.Share : null,
            ScoreboardFormat.Percent,
            text["Part de la population vivant dans une commune engagée, par département"],
            text["Population couverte par un engagement"],
            (_, _) => "",
            url: d => $"/campagnes/{campaign.Slug}/collectivites?departement={d.Code}",
            classes: ShareClasses());
        return Page();
    }

    /// <summary>Fixed classes rather than quantiles: "none" must look like none, and the map must read the same from one week to the next.</summary>
    private DepartementMapClasses ShareClasses() => new(
        share => share <= 0 ? 0 : share < 0.01 ? 1 : share < 0.1 ? 2 : share < 0.5 ? 3 : 4,
        [
            new(0, text["Aucune commune engagée"]),
            new(1, text["moins de 1 %"]),
            new(2, text["de 1 à 10 %"]),
            new(3, text["de 10 à 50 %"]),
            new(4, text["50 % ou plus"]),
        ]);
}
