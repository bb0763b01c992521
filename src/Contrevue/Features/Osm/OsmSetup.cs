using Contrevue.Features.Osm.Import;

namespace Contrevue.Features.Osm;

public static class OsmSetup
{
    public static IServiceCollection AddOsm(this IServiceCollection services)
    {
        services.AddScoped<OsmImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapOsm(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
