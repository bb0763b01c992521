using Contrevue.Data;
using Npgsql;

namespace Contrevue.Infrastructure.Caching;

public static class CachingSetup
{
    /// <summary>Output-cache eviction that reaches every instance (PostgreSQL) or this one (SQLite).</summary>
    public static IServiceCollection AddCacheInvalidation(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = DatabaseSetup.ReadProvider(configuration);
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = DatabaseSetup.ReadConnectionString(configuration, provider);
            services.AddSingleton(sp => new CacheInvalidation(
                sp.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>(),
                sp.GetServices<ICacheEvictionObserver>(),
                sp.GetRequiredService<ILogger<CacheInvalidation>>(),
                sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddHostedService(sp => new CacheInvalidationListener(
                connectionString, sp.GetRequiredService<CacheInvalidation>(), sp.GetRequiredService<ILogger<CacheInvalidationListener>>()));
        }
        else
        {
            services.AddSingleton<CacheInvalidation>();
        }
        return services;
    }
}
