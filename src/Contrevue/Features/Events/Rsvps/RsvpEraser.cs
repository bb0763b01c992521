using Contrevue.Infrastructure.Jobs;

namespace Contrevue.Features.Events.Rsvps;

/// <summary>Erases participations <c>Events:RsvpRetentionDays</c> (default 30) after their event; hourly, safe with several instances (a plain DELETE).</summary>
public sealed class RsvpEraser(IServiceScopeFactory scopes, TimeProvider time, ILogger<RsvpEraser> logger) : PeriodicJob(time, logger)
{
    public async Task<int> EraseDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RsvpService>().EraseDueAsync(cancellationToken);
    }

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var erased = await EraseDueAsync(stoppingToken);
        if (erased > 0)
        {
            Logger.LogInformation("Erased {Count} event participations", erased);
        }
    }
}
