using Contrevue.Infrastructure.Audit;
using Contrevue.Features.Contacts;

namespace Contrevue.Features.Moderation;

public static class ModerationSetup
{
    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddScoped<ContactService>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, ContactCardPanel>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, ContactDataVersionSource>();
        services.AddScoped<Territories.Api.ICommuneContactSource, CommuneContactSource>();
        services.AddScoped<ModerationService>();
        services.AddScoped<RevisionHistory>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<ContributorEmailEraser>();
        services.AddHostedService(provider => provider.GetRequiredService<ContributorEmailEraser>());
        services.AddScoped<Infrastructure.PersonalData.IPersonalDataHolder, ContributorEmailHolder>();
        services.AddScoped<Accounts.IAccountDataHolder, ContributionData>();
        return services;
    }
}
