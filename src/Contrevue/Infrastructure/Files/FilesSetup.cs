using Contrevue.Infrastructure.Fetching;
namespace Contrevue.Infrastructure.Files;

/// <summary>Stored files, shared by every feature that cites them: storage, cleaning, upload and snapshot APIs, serving.</summary>
public static class FilesSetup
{
    public static IServiceCollection AddStoredFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SourceFileOptions>().Bind(configuration.GetSection(SourceFileOptions.Section));
        services.AddOptions<SnapshotOptions>().Bind(configuration.GetSection(SnapshotOptions.Section));
        services.AddScoped<SourceFileStore>();
        services.AddScoped<FileVisibility>();
        services.AddScoped<SourceSnapshotter>();
        services.AddHttpClient(SourceSnapshotter.ClientName, SourceSnapshotter.ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(SourceSnapshotter.CreateHandler)
            // The factory would log every address fetched; nothing needs them.
            .RemoveAllLoggers();
        services.AddRateLimiter(FileRateLimits.Configure);
        return services;
    }

    public static IEndpointRouteBuilder MapStoredFiles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapFileEndpoints();
}
