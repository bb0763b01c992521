using Contrevue.Features.Observatoire.Api;

namespace Contrevue.Features.Observatoire;

public static class ObservatoireSetup
{
    public static IServiceCollection AddObservatoire(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ObservatoireOptions>(configuration.GetSection("Observatoire"));
        services.AddSingleton<FlagContext>();
        services.AddScoped<DossierEditor>();
        services.AddScoped<DossierService>();
        services.AddScoped<Demo.DemoGenerator>();
        return services;
    }

    public static IEndpointRouteBuilder MapObservatoire(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDossierApi();
        return endpoints;
    }
}
