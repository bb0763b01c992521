using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives.Account;
using Contrevue.Features.Collectives.Calendar;

namespace Contrevue.Features.Collectives;

public static class CollectivesSetup
{
    public static IServiceCollection AddCollectives(this IServiceCollection services)
    {
        services.AddScoped<CollectiveService>();
        services.AddScoped<CollectiveDirectory>();
        services.AddScoped<CollectiveFounding>();
        services.AddScoped<CollectiveCalendar>();
        services.AddScoped<IInvitationCollectives, InvitationCollectives>();
        services.AddScoped<IAccountDataHolder, MembershipData>();
        services.AddScoped<IAccountSection, CollectivesAccountSection>();
        return services;
    }

    public static IEndpointRouteBuilder MapCollectives(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCollectiveCalendars();
        return endpoints;
    }
}
