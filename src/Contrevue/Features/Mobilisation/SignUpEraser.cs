using Contrevue.Data;
using Contrevue.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Mobilisation;

/// <summary>
/// Erases sign-ups <c>Mobilisation:RetentionDays</c> after they were made, and unconfirmed ones after
/// <c>Mobilisation:UnconfirmedDays</c>. Runs hourly; safe with several instances (a plain DELETE).
/// </summary>
public sealed class SignUpEraser(IServiceScopeFactory scopes, MobilisationSettings settings, TimeProvider time, ILogger<SignUpEraser> logger)
    : PeriodicJob(time, logger)
{
    public async Task<int> EraseDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var now = Time.GetUtcNow().UtcDateTime;
        var kept = now.AddDays(-settings.RetentionDays);
        var unconfirmed = now.AddDays(-settings.UnconfirmedDays);
        return await db.Set<SignUp>()
            .Where(s => s.CreatedAt <= kept || (s.ConfirmedAt == null && s.CreatedAt <= unconfirmed))
            .ExecuteDeleteAsync(cancellationToken);
    }

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var erased = await EraseDueAsync(stoppingToken);
        CountItems(erased);
        if (erased > 0)
        {
            Logger.LogInformation("Erased {Count} mobilisation sign-ups", erased);
        }
    }
}
