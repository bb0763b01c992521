using Contrevue.Data;
using Contrevue.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Moderation;

/// <summary>
/// Erases contributors' addresses <c>Moderation:EraseContributorEmailsAfterDays</c> days (default 30)
/// after their proposal was decided, and those never confirmed after the same delay. Runs hourly;
/// safe with several instances (a plain DELETE of the same rows).
/// </summary>
public sealed class ContributorEmailEraser(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<ContributorEmailEraser> logger)
    : PeriodicJob(time, logger)
{
    public int RetentionDays => Math.Max(0, configuration.GetValue("Moderation:EraseContributorEmailsAfterDays", 30));

    public async Task<int> EraseDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var limit = Time.GetUtcNow().UtcDateTime.AddDays(-RetentionDays);
        var due = db.Set<Proposal>()
            .Where(p => (p.DecidedAt != null && p.DecidedAt <= limit)
                || (p.Status == ProposalStatus.AwaitingConfirmation && p.CreatedAt <= limit))
            .Select(p => p.Id);
        return await db.Set<ContributorEmail>().Where(c => due.Contains(c.ProposalId)).ExecuteDeleteAsync(cancellationToken);
    }

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var erased = await EraseDueAsync(stoppingToken);
        if (erased > 0)
        {
            Logger.LogInformation("Erased {Count} contributor e-mail addresses", erased);
        }
    }
}
