namespace Contrevue.Features.Newsletter;

public static class NewsletterSetup
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddSingleton<NewsletterLinks>();
        services.AddScoped<NewsletterPermissions>();
        return services;
    }

    public static IEndpointRouteBuilder MapNewsletter(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
