using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Campaigns.Scoreboard;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Moderation;
using Contrevue.Features.Campaigns.Posters;

namespace Contrevue.Features.Campaigns;

public static class CampaignsSetup
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddScoped<LetterComposer>();
        services.AddScoped<ParagraphFingerprints>();
        services.AddScoped<CampaignCache>();
        services.AddScoped<CampaignRequests>();
        services.AddScoped<CampaignResponses>();
        services.AddScoped<CampaignResponseWriter>();
        services.AddScoped<Infrastructure.Files.IFileCitations, ResponseFileCitations>();
        services.AddScoped<IProposalPublisher, ResponseProposalPublisher>();
        services.AddScoped<CampaignStatuses>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, CampaignHeadlinePanel>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, PosterPanel>();
        services.AddScoped<Kit.IGeneratedKitResources, PosterKitResources>();
        services.AddScoped<Contrevue.Features.Home.IHomeSection, Contrevue.Features.Campaigns.Home.CampaignHomeSection>();
        services.AddScoped<MainCampaign>();
        services.AddScoped<Contrevue.Features.Collectives.Profile.ICollectiveProfileSection, Contrevue.Features.Campaigns.Collectives.CampaignCollectiveSection>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, CampaignDataVersionSource>();
        services.AddScoped<FollowUps>();
        services.AddHostedService<FollowUpWorker>();
        services.AddScoped<Infrastructure.PersonalData.IPersonalDataHolder, FollowUpAddressHolder>();
        services.AddScoped<Batch.LetterBatchComposer>();
        services.AddOptions<Batch.LetterBatchOptions>().BindConfiguration(Batch.LetterBatchOptions.Section);
        services.AddScoped<Administration.CampaignEditor>();
        services.AddScoped<PosterService>();
        services.AddCampaignScoreboard();
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.CampaignStatusesDataset>();
        return services;
    }

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCampaignApi();
        endpoints.MapPosters();
        endpoints.MapCampaignScoreboard();
        return endpoints;
    }
}
