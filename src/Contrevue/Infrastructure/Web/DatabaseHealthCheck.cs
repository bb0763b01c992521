using Contrevue.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Contrevue.Infrastructure.Web;

internal sealed class DatabaseHealthCheck(ContrevueDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Base de données injoignable");
}
