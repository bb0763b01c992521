using Contrevue.Features.Territories.Api;
using Contrevue.Features.Territories.Import;
using Contrevue.Features.Territories.Map;
using Contrevue.Features.Territories.Panels;
using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories;

public static class TerritoriesSetup
{
    public static IServiceCollection AddTerritories(this IServiceCollection services)
    {
        services.AddScoped<TerritoryImporter>();
        services.AddScoped<TerritoryQueries>();
        services.AddScoped<TerritorySearch>();
        services.AddScoped<TerritoryField>();
        services.AddSingleton<TerritoryDataVersion>();
        services.AddSingleton<DepartementNames>();
        services.Configure<OutputCacheOptions>(TerritoryCache.AddPolicy);
        services.AddScoped<TerritoryPanels>();
        services.AddSingleton<DepartementMapShapes>();
        return services;
    }

    public static IEndpointRouteBuilder MapTerritories(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTerritoryApi();
        endpoints.MapSearchSuggestions();
        return endpoints;
    }
}
