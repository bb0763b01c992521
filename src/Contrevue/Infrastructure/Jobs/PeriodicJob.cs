namespace Contrevue.Infrastructure.Jobs;

/// <summary>
/// A background pass run at start-up, then every <see cref="Interval"/> until the app stops: the
/// follow-ups, the reminders, the erasers, the mail sender. A failed pass is logged and the next one
/// runs on time; stopping the app ends the wait at once. The clock is the injected
/// <see cref="TimeProvider"/>, so a test moves time instead of waiting.
/// </summary>
/// <remarks>
/// What a pass does with several instances is the job's business: each claims its own rows (an insert
/// that fails on a key, a lease, or an idempotent DELETE), since only the job knows what "once" means.
/// </remarks>
public abstract class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>A configured 0 means "as often as possible", not a busy loop.</summary>
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>The clock of the timer, for the pass to read "now" from the same one.</summary>
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    /// <summary>The time between the starts of two passes; read once, when the job starts.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The level of a failed pass in the log: a warning unless losing a pass matters more.</summary>
    protected virtual LogLevel FailureLevel => LogLevel.Warning;

    /// <summary>One pass. It logs what it did; the base logs its failure and measures its runs and duration.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>
    /// Called once before the first pass: false stands the job down for the life of the process (a job
    /// whose settings are missing, say; it logs why).
    /// </summary>
    protected virtual bool ShouldRun() => true;

    /// <summary>Minutes read from configuration under <paramref name="key"/>, one at least.</summary>
    /// <summary>Counts what a pass handled (messages sent, rows erased) in the job's metrics.</summary>
    protected void CountItems(int count)
    {
        if (count > 0)
        {
            JobMetrics.RecordItems(GetType().Name, count);
        }
    }

    protected static TimeSpan MinutesFrom(IConfiguration configuration, string key, int defaultMinutes) =>
        TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue(key, defaultMinutes)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!ShouldRun())
        {
            return;
        }
        var interval = Interval < ShortestInterval ? ShortestInterval : Interval;
        Task<bool> next;
        do
        {
            // One-shot, not a periodic timer: when the clock jumps (a test's fake clock moved by a
            // month, a suspended machine resumed), the job runs once, not once per interval missed.
            next = WaitAsync(interval, stoppingToken);
            // Wall time, not the injected clock: a fake clock does not move during a pass.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var succeeded = false;
            try
            {
                await RunOnceAsync(stoppingToken);
                succeeded = true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A database hiccup must not stop the job for good: the next pass tries again.
                Logger.Log(FailureLevel, exception, "{Job} failed; retrying in {Interval}", GetType().Name, interval);
            }
            finally
            {
                // A pass cut short by the app stopping is neither: not recorded.
                if (succeeded || !stoppingToken.IsCancellationRequested)
                {
                    JobMetrics.Record(GetType().Name, succeeded, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                }
            }
        }
        while (await next);
    }

    /// <summary>False once the app is stopping: the loop ends instead of throwing.</summary>
    private async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(interval, Time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
