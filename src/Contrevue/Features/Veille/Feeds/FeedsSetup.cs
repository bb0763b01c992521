using Contrevue.Infrastructure.Fetching;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>The feed subscriptions' services, called by <see cref="VeilleSetup"/>.</summary>
public static class FeedsSetup
{
    public static IServiceCollection AddVeilleFeeds(this IServiceCollection services)
    {
        // Public addresses only; a test host replaces it to reach its local fixture server. No setting changes it.
        services.TryAddSingleton<IOutboundAddressPolicy, PublicAddressesOnly>();
        services.AddHttpClient(FeedFetcher.ClientName, FeedFetcher.ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(FeedFetcher.CreateHandler);
        services.AddScoped<FeedFetcher>();
        services.AddScoped<FeedPoller>();
        services.AddScoped<FeedService>();
        services.AddHostedService<FeedPollingJob>();
        return services;
    }
}
