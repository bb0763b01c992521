namespace Contrevue.Features.Observatoire.Files;

/// <summary>The files of the observatoire's sources: storage, upload and snapshot APIs, serving.</summary>
public static class FilesSetup
{
    public static IServiceCollection AddObservatoireFiles(this IServiceCollection services, IConfiguration configuration)
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

    public static IEndpointRouteBuilder MapObservatoireFiles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapFileEndpoints();
}
