using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives.Account;
using Contrevue.Features.Collectives.Api;
using Contrevue.Features.Collectives.Calendar;
using Contrevue.Features.Collectives.Public;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Collectives;

public static class CollectivesSetup
{
    public static IServiceCollection AddCollectives(this IServiceCollection services)
    {
        services.AddScoped<CollectiveService>();
        services.AddScoped<CollectiveDirectory>();
        services.AddScoped<CollectiveCoverage>();
        services.AddScoped<Carte.IMapLayer, Map.CollectiveMapLayer>();
        services.AddScoped<ContactRelay>();
        services.AddScoped<CollectiveFounding>();
        services.AddScoped<CollectiveCalendar>();
        services.AddScoped<IInvitationCollectives, InvitationCollectives>();
        services.AddScoped<IAccountDataHolder, MembershipData>();
        services.AddScoped<IAccountSection, CollectivesAccountSection>();
        services.AddScoped<ITerritoryPanel, CollectivesTerritoryPanel>();
        services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(CollectivesCache.AddPolicies);
        return services;
    }

    public static IEndpointRouteBuilder MapCollectives(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCollectiveCalendars();
        endpoints.MapCollectiveApi();
        return endpoints;
    }
}
