using Contrevue.Features.Osm.Api;
using Contrevue.Features.Osm.Import;

namespace Contrevue.Features.Osm;

public static class OsmSetup
{
    public static IServiceCollection AddOsm(this IServiceCollection services)
    {
        services.AddScoped<Contrevue.Features.OpenData.IOpenDataset, OpenData.OsmCamerasDataset>();
        services.AddScoped<OsmImporter>();
        services.AddScoped<OsmCameraQueries>();
        services.AddScoped<Carte.IMapLayer, Map.OsmCameraMapLayer>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, Territory.OsmCamerasPanel>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, Territory.OsmDataVersionSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapOsm(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOsmCameraApi();
        return endpoints;
    }
}
