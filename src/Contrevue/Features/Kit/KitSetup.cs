namespace Contrevue.Features.Kit;

public static class KitSetup
{
    public static IServiceCollection AddKit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KitOptions>().Bind(configuration.GetSection(KitOptions.Section));
        services.AddScoped<KitService>();
        services.AddSingleton<KitPreviews>();
        services.AddSingleton<KitDownloadCounts>();
        services.AddScoped<Infrastructure.Files.IFileCitations, KitFileCitations>();
        services.AddScoped<Proposals.KitProposals>();
        services.AddScoped<Moderation.IProposalPublisher, Proposals.KitProposalPublisher>();
        services.AddScoped<Proposals.KitVersionProposals>();
        services.AddScoped<Moderation.IProposalPublisher, Proposals.KitVersionProposalPublisher>();
        services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(KitCache.AddPolicies);
        return services;
    }

    public static IEndpointRouteBuilder MapKit(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapKitApi();
        endpoints.MapKitFiles();
        return endpoints;
    }
}
