using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Mail;

public static class MailSetup
{
    public static IServiceCollection AddContrevueMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailSettings>(configuration.GetSection(MailSettings.Section));
        // Resolvable as such, so that pages can say whether e-mail is on (IsConfigured).
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<MailSettings>>().Value);
        services.AddScoped<IMailOutbox, MailOutbox>();
        services.AddSingleton<MailMetrics>();
        services.AddSingleton<MailDelivery>();
        services.AddSingleton<DkimSigning>();
        services.AddHostedService<MailSender>();
        services.AddScoped<PersonalData.IPersonalDataHolder, OutboxAddressHolder>();
        return services;
    }
}
