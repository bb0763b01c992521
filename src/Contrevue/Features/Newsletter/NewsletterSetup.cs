using Contrevue.Features.Newsletter.Delivery;

namespace Contrevue.Features.Newsletter;

public static class NewsletterSetup
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddSingleton<NewsletterLinks>();
        services.AddScoped<NewsletterPermissions>();
        services.AddScoped<Mailings.MailingValidator>();
        services.AddScoped<Mailings.MailingService>();
        services.AddScoped<Mailings.MtaNotifications>();
        services.AddRateLimiter(Mailings.MailingRateLimits.Configure);
        services.AddScoped<Subscriptions.SubscriptionService>();
        services.AddScoped<Subscriptions.SubscriberImport>();
        services.AddScoped<Infrastructure.PersonalData.IPersonalDataHolder, Subscriptions.SubscriberAddressHolder>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, Subscriptions.DepartementNewsletterPanel>();
        services.AddScoped<Collectives.Profile.ICollectiveProfileSection, Subscriptions.CollectiveNewsletterSection>();
        services.AddOptions<Delivery.NewsletterDeliverySettings>().BindConfiguration(Delivery.NewsletterDeliverySettings.Section);
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Delivery.NewsletterDeliverySettings>>().Value);
        services.AddSingleton<Delivery.NewsletterDeliveryEngine>();
        services.AddHostedService<Delivery.NewsletterSender>();
        return services;
    }

    public static IEndpointRouteBuilder MapNewsletter(this IEndpointRouteBuilder endpoints)
    {
        Mailings.MailingApi.MapMailingApi(endpoints);
        Mailings.MtaNotificationsApi.MapMtaNotifications(endpoints);
        Subscriptions.SubscriptionApi.MapSubscriptionApi(endpoints);
        endpoints.MapNewsletterRate();
        return endpoints;
    }
}
