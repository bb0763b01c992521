using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Campaigns.Scoreboard;

public static class ScoreboardSetup
{
    /// <summary>
    /// Scoreboard pages, API and feed are kept a minute: counting every commune on each visit is wasted
    /// work when a campaign is shared widely, and a minute late is soon enough for new answers.
    /// </summary>
    public const string CachePolicy = "campaign-scoreboard";

    public static IServiceCollection AddCampaignScoreboard(this IServiceCollection services)
    {
        services.AddScoped<CampaignScoreboard>();
        services.Configure<OutputCacheOptions>(options => options.AddPolicy(CachePolicy, policy => policy
            .Expire(TimeSpan.FromSeconds(60))
            // Evicted at once by a request or an answer of this instance; other instances catch up within the minute.
            .Tag(Tracking.CampaignCache.Tag)
            .SetVaryByQuery("*")
            .VaryByValue(Contrevue.Infrastructure.Localization.LocalizationSetup.CacheKey)));
        return services;
    }

    public static IEndpointRouteBuilder MapCampaignScoreboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCampaignAnswersFeed();
        return endpoints;
    }
}
