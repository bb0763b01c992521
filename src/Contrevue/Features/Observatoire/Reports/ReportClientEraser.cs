using Contrevue.Infrastructure.Jobs;

namespace Contrevue.Features.Observatoire.Reports;

/// <summary>
/// Erases the reports' client hashes once their window has passed (<see cref="ReportService.ForgetClientsAsync"/>).
/// Runs every quarter of an hour, so a hash outlives its window by 15 minutes at most; safe with
/// several instances (the same UPDATE of the same rows).
/// </summary>
public sealed class ReportClientEraser(IServiceScopeFactory scopes, TimeProvider time, ILogger<ReportClientEraser> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(15);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var erased = await scope.ServiceProvider.GetRequiredService<ReportService>()
            .ForgetClientsAsync(Time.GetUtcNow().UtcDateTime, stoppingToken);
        if (erased > 0)
        {
            Logger.LogInformation("Erased the client hashes of {Count} reports", erased);
        }
    }
}
