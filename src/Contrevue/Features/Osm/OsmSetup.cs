namespace Contrevue.Features.Osm;

public static class OsmSetup
{
    public static IServiceCollection AddOsm(this IServiceCollection services)
    {
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.OsmCamerasDataset>();
        return services;
    }

    public static IEndpointRouteBuilder MapOsm(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
