using Contrevue.Infrastructure.Audit;

namespace Contrevue.Features.Moderation;

public static class ModerationSetup
{
    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddScoped<ModerationService>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<ContributorEmailEraser>();
        services.AddHostedService(provider => provider.GetRequiredService<ContributorEmailEraser>());
        services.AddScoped<Infrastructure.PersonalData.IPersonalDataHolder, ContributorEmailHolder>();
        services.AddScoped<Accounts.IAccountDataHolder, ContributionData>();
        return services;
    }
}
