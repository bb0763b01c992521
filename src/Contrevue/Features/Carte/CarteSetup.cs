using Contrevue.Features.Carte.Background;
using Contrevue.Features.Carte.Tiles;

namespace Contrevue.Features.Carte;

public static class CarteSetup
{
    public static IServiceCollection AddCarte(this IServiceCollection services)
    {
        services.AddOptions<CarteOptions>().BindConfiguration("Carte");
        services.AddSingleton<MapTiles>();
        services.AddSingleton<Basemap>();
        services.AddSingleton<DepartementOutlines>();
        services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(CarteCache.AddPolicy);
        services.AddScoped<IMapLayer, CommuneCentresLayer>();
        return services;
    }

    public static IEndpointRouteBuilder MapCarte(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCarteApi();
        return endpoints;
    }
}
