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
        return services;
    }

    public static IEndpointRouteBuilder MapNewsletter(this IEndpointRouteBuilder endpoints)
    {
        Mailings.MailingApi.MapMailingApi(endpoints);
        Mailings.MtaNotificationsApi.MapMtaNotifications(endpoints);
        return endpoints;
    }
}
