using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Contrevue.Data;

/// <summary>
/// When PostgreSQL restarts (or fails over), the pooled connections die and the first statements on them
/// fail; the server then refuses new ones for a few seconds. Reads and single saves are retried here, with
/// a growing delay, so that visitors see a slower page instead of an error. A statement inside a
/// transaction the code opened itself is not retried alone (the transaction is lost with its connection):
/// it fails, and the request answers 503 with Retry-After (<c>WebSetup</c>) without having saved anything.
/// </summary>
internal sealed class RetryOutsideTransactions(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, ShutdownCodes)
{
    private const int MaxRetries = 6;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>admin_shutdown, crash_shutdown, cannot_connect_now: a restart, not a mistake in the statement.</summary>
    private static readonly string[] ShutdownCodes = ["57P01", "57P02", "57P03"];

    public override bool RetriesOnFailure =>
        base.RetriesOnFailure && Dependencies.CurrentContext.Context.Database.CurrentTransaction is null;
}
