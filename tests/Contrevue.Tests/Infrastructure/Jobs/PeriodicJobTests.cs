using System.Threading.Channels;
using Contrevue.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Infrastructure.Jobs;

/// <summary>The loop every background pass shares, on a fake clock: at start, then each interval; a failure is logged and the next pass runs; stopping ends it.</summary>
public sealed class PeriodicJobTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private sealed class CountingJob(TimeProvider time, ILogger logger) : PeriodicJob(time, logger)
    {
        private int _count;

        public Channel<int> Passes { get; } = Channel.CreateUnbounded<int>();

        public volatile bool FailNext;

        protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

        protected override Task RunOnceAsync(CancellationToken stoppingToken)
        {
            Passes.Writer.TryWrite(Interlocked.Increment(ref _count));
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("base de données indisponible");
            }
            return Task.CompletedTask;
        }
    }

    private sealed class StandingDownJob(TimeProvider time, ILogger logger) : PeriodicJob(time, logger)
    {
        public int Passes { get; private set; }

        protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

        protected override bool ShouldRun() => false;

        protected override Task RunOnceAsync(CancellationToken stoppingToken)
        {
            Passes++;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_pass_runs_at_start_then_every_interval_of_the_clock_survives_a_failure_and_stops_with_the_app()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var logs = new CapturedLogs();
        var job = new CountingJob(clock, logs.CreateLogger("job"));

        await job.StartAsync(CancellationToken.None);
        Assert.Equal(1, await job.Passes.Reader.ReadAsync().AsTask().WaitAsync(Wait));

        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(200);
        Assert.False(job.Passes.Reader.TryRead(out _), "a pass ran before its interval");

        job.FailNext = true;
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await job.Passes.Reader.ReadAsync().AsTask().WaitAsync(Wait));

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(3, await job.Passes.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning job: CountingJob failed", StringComparison.Ordinal)
            && line.Contains("base de données indisponible", StringComparison.Ordinal));

        await job.StopAsync(CancellationToken.None);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(200);
        Assert.False(job.Passes.Reader.TryRead(out _), "a pass ran after the stop");
    }

    [Fact]
    public async Task A_job_that_should_not_run_never_runs()
    {
        var clock = new FakeTimeProvider();
        using var logs = new CapturedLogs();
        var job = new StandingDownJob(clock, logs.CreateLogger("job"));

        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!.WaitAsync(Wait);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True(job.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(0, job.Passes);
        await job.StopAsync(CancellationToken.None);
    }
}
