using Contrevue.Features.Newsletter.Delivery;

namespace Contrevue.Features.Newsletter;

public static class NewsletterSetup
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddSingleton<NewsletterLinks>();
        services.AddScoped<NewsletterPermissions>();
        services.AddOptions<Delivery.NewsletterDeliverySettings>().BindConfiguration(Delivery.NewsletterDeliverySettings.Section);
        services.AddSingleton(provider => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Delivery.NewsletterDeliverySettings>>().Value);
        services.AddSingleton<Delivery.NewsletterDeliveryEngine>();
        services.AddHostedService<Delivery.NewsletterSender>();
        return services;
    }

    public static IEndpointRouteBuilder MapNewsletter(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapNewsletterRate();
        return endpoints;
    }
}
