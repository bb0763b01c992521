using Contrevue.Infrastructure.Jobs;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>
/// Every <c>Veille:Feeds:PollSeconds</c> (60 by default), polls the feeds whose time has come
/// (<see cref="FeedPoller.PollDueAsync"/>: each claimed once across instances).
/// </summary>
public sealed class FeedPollingJob(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<FeedPollingJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Veille:Feeds:PollSeconds", 60)));

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        CountItems(await scope.ServiceProvider.GetRequiredService<FeedPoller>().PollDueAsync(stoppingToken));
    }
}
