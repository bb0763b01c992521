using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Scoreboard;

/// <summary>The campaign's scoreboard in the API, nationally, by région or by département.</summary>
public static class ScoreboardApi
{
    public sealed record ScoreboardRowDocument(
        string Code, string Name, IReadOnlyDictionary<string, int> Counts, long CommittedPopulation, long Population, double Share);

    public sealed record ScoreboardDocument(string Campaign, string Level, DateTimeOffset GeneratedAt, IReadOnlyList<ScoreboardRowDocument> Rows);

    public static RouteGroupBuilder MapScoreboardApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{slug}/scoreboard", GetAsync)
            .WithName("CampaignScoreboard")
            .WithSummary("Tableau de bord : communes par statut et population vivant dans une commune engagée, au niveau national, par région ou par département")
            .CacheOutput(ScoreboardSetup.CachePolicy);
        return group;
    }

    public static async Task<Results<Ok<ScoreboardDocument>, NotFound<ProblemDetails>, ValidationProblem>> GetAsync(
        string slug, string? level, ContrevueDbContext db, CampaignScoreboard scoreboard, TimeProvider time, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = text["Campagne introuvable"], Detail = text["Aucune campagne « {0} ».", slug], Status = 404 });
        }
        var errors = new Dictionary<string, string[]>();
        if (!CampaignScoreboard.TryParseLevel(level, out var parsed))
        {
            errors["level"] = [text["Niveau inconnu « {0} » : {1}.", Shorten(level ?? ""), string.Join(", ", CampaignScoreboard.Levels.Select(l => l.Code))]];
        }
        if (!CampaignScoreboard.CountsCommunes(campaign))
        {
            errors["campaign"] = ["Le tableau de bord compte les communes : cette campagne ne s'adresse pas aux communes."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Tableau de bord impossible : vérifiez les paramètres indiqués.");
        }
        var result = await scoreboard.ComputeAsync(campaign, cancellationToken);
        var rows = result.RowsOf(parsed).Select(Document).ToList();
        return TypedResults.Ok(new ScoreboardDocument(campaign.Slug, CampaignScoreboard.CodeOf(parsed), time.GetUtcNow(), rows));
    }

    public static ScoreboardRowDocument Document(ScoreboardRow row) => new(
        row.Code, row.Name,
        CampaignCodes.Statuses.ToDictionary(s => s.Code, s => row.Count(s.Value)),
        row.CommittedPopulation, row.Population, row.Share);

    private static string Shorten(string text) => text.Length <= 40 ? text.Trim() : text.Trim()[..40] + "…";
}
