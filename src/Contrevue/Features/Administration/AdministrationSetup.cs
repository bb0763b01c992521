using Contrevue.Features.Administration.Cards;

namespace Contrevue.Features.Administration;

public static class AdministrationSetup
{
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddScoped<IAdminDashboardCard, MailCard>();
        services.AddScoped<IAdminDashboardCard, TerritoryDataCard>();
        return services;
    }
}
