using Contrevue.Features.Mobilisation.Organisers;

namespace Contrevue.Features.Mobilisation;

public static class MobilisationSetup
{
    public static IServiceCollection AddMobilisation(this IServiceCollection services)
    {
        services.AddSingleton<MobilisationSettings>();
        services.AddScoped<ListedCollectives>();
        services.AddScoped<SignUpService>();
        services.AddScoped<SignUpQueries>();
        services.AddScoped<EventInvitations>();
        services.AddSingleton<SignUpEraser>();
        services.AddHostedService(provider => provider.GetRequiredService<SignUpEraser>());
        services.AddScoped<Infrastructure.PersonalData.IPersonalDataHolder, SignUpAddressHolder>();
        services.AddScoped<Contrevue.Features.Home.IHomeSection, Pages.MobilisationHomeSection>();
        services.AddScoped<Contrevue.Features.Administration.IAdminDashboardCard, SignUpsCard>();
        return services;
    }
}
