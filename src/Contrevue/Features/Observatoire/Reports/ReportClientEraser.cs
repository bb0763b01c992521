namespace Contrevue.Features.Observatoire.Reports;

/// <summary>
/// Erases the reports' client hashes once their window has passed (<see cref="ReportService.ForgetClientsAsync"/>).
/// Runs every quarter of an hour, so a hash outlives its window by 15 minutes at most; safe with
/// several instances (the same UPDATE of the same rows).
/// </summary>
public sealed class ReportClientEraser(IServiceScopeFactory scopes, TimeProvider time, ILogger<ReportClientEraser> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var erased = await scope.ServiceProvider.GetRequiredService<ReportService>()
                    .ForgetClientsAsync(time.GetUtcNow().UtcDateTime, stoppingToken);
                if (erased > 0)
                {
                    logger.LogInformation("Erased the client hashes of {Count} reports", erased);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Erasing the reports' client hashes failed; retrying in 15 minutes");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
