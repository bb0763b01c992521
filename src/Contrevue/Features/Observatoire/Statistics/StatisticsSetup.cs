using Contrevue.Features.Observatoire.Feed;

namespace Contrevue.Features.Observatoire.Statistics;

public static class StatisticsSetup
{
    public static IServiceCollection AddObservatoireStatistics(this IServiceCollection services)
    {
        services.AddScoped<ObservatoireStatisticsQueries>();
        services.AddScoped<ObservatoireMap>();
        services.AddScoped<Contrevue.Features.Home.IHomeSection, ObservatoireHomeSection>();
        return services;
    }

    public static IEndpointRouteBuilder MapObservatoireStatistics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapObservatoireFeed();
        return endpoints;
    }
}
