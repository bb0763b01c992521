using Contrevue.Data;
using Contrevue.Features.Veille.Search;

namespace Contrevue.Features.Veille;

public static class VeilleSetup
{
    public static IServiceCollection AddVeille(this IServiceCollection services)
    {
        services.AddScoped<IArticleSearch>(provider =>
        {
            var db = provider.GetRequiredService<ContrevueDbContext>();
            return db.ProviderOf() == DatabaseProvider.Postgres ? new PostgresArticleSearch() : new SqliteArticleSearch(db);
        });
        services.AddScoped<ArticleService>();
        services.AddScoped<TerritoryListField>();
        services.AddScoped<ArticleSearchRebuilder>();
        services.AddScoped<Infrastructure.Backup.IRestoredDataRebuilder>(provider => provider.GetRequiredService<ArticleSearchRebuilder>());
        services.AddScoped<Proposals.ArticleProposals>();
        services.AddScoped<Moderation.IProposalPublisher, Proposals.ArticleProposalPublisher>();
        services.AddScoped<Territories.Panels.ITerritoryPanel, Territory.LatestArticlesPanel>();
        services.AddScoped<Territories.ITerritoryDataVersionSource, Territory.ArticleDataVersionSource>();
        services.AddScoped<Digest.WeeklyDigest>();
        services.AddScoped<Observatoire.Digest.DossierDigest>();
        // Every feature's section, found in the assembly as the features themselves are: the sections of Events and
        // Campaigns name the digest, so the digest cannot name them back (features never name each other both ways).
        foreach (var section in typeof(VeilleSetup).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Digest.IWeeklyDigestSection).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            services.AddScoped(typeof(Digest.IWeeklyDigestSection), section);
        }
        services.AddRateLimiter(VeilleRateLimits.Configure);
        Feeds.FeedsSetup.AddVeilleFeeds(services);
        services.Configure<Microsoft.AspNetCore.OutputCaching.OutputCacheOptions>(VeilleCache.AddPolicies);
        return services;
    }

    public static IEndpointRouteBuilder MapVeille(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapArticleApi();
        endpoints.MapVeilleFeed();
        Feeds.FeedApi.MapFeedApi(endpoints);
        return endpoints;
    }
}
