namespace Contrevue.Features.OpenData;

public static class OpenDataSetup
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpenDataOptions>().Bind(configuration.GetSection(OpenDataOptions.Section));
        services.AddSingleton<OpenDataDumper>();
        services.AddHostedService<OpenDataNightlyJob>();
        services.AddScoped<Administration.IAdminDashboardCard, OpenDataAdminCard>();
        return services;
    }
}
