using Contrevue.Features.Campaigns.Letters;

namespace Contrevue.Features.Campaigns;

public static class CampaignsSetup
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddScoped<LetterComposer>();
        services.AddScoped<Administration.CampaignEditor>();
        return services;
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCampaignApi();
        return endpoints;
    }
}
