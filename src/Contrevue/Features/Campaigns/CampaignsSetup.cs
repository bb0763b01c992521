using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Campaigns.Posters;

namespace Contrevue.Features.Campaigns;

public static class CampaignsSetup
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddScoped<LetterComposer>();
        services.AddScoped<PosterService>();
        return services;
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCampaignApi();
        endpoints.MapPosters();
        return endpoints;
    }
}
