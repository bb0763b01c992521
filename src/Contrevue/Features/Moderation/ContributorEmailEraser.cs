using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Moderation;

/// <summary>
/// Erases contributors' addresses <c>Moderation:EraseContributorEmailsAfterDays</c> days (default 30)
/// after their proposal was decided, and those never confirmed after the same delay. Runs hourly;
/// safe with several instances (a plain DELETE of the same rows).
/// </summary>
public sealed class ContributorEmailEraser(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<ContributorEmailEraser> logger)
    : BackgroundService
{
    public int RetentionDays => Math.Max(0, configuration.GetValue("Moderation:EraseContributorEmailsAfterDays", 30));

    public async Task<int> EraseDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var limit = time.GetUtcNow().UtcDateTime.AddDays(-RetentionDays);
        var due = db.Set<Proposal>()
            .Where(p => (p.DecidedAt != null && p.DecidedAt <= limit)
                || (p.Status == ProposalStatus.AwaitingConfirmation && p.CreatedAt <= limit))
            .Select(p => p.Id);
        return await db.Set<ContributorEmail>().Where(c => due.Contains(c.ProposalId)).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var erased = await EraseDueAsync(stoppingToken);
                if (erased > 0)
                {
                    logger.LogInformation("Erased {Count} contributor e-mail addresses", erased);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Contributor e-mail erasure failed; retrying in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
