using Contrevue.Features.Observatoire.Api;
using Contrevue.Features.Observatoire.Reports;

namespace Contrevue.Features.Observatoire;

public static class ObservatoireSetup
{
    public static IServiceCollection AddObservatoire(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ObservatoireOptions>(configuration.GetSection("Observatoire"));
        services.AddSingleton<FlagContext>();
        services.AddScoped<DossierEditor>();
        services.AddScoped<DossierService>();
        services.AddScoped<TerritoryDossierQueries>();
        services.AddObservatoireReports();
        return services;
    }

    public static IEndpointRouteBuilder MapObservatoire(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDossierApi();
        endpoints.MapObservatoireReports();
        return endpoints;
    }
}
