using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
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
    public async Task A_clock_that_jumps_a_month_runs_one_pass_not_one_per_interval_missed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var logs = new CapturedLogs();
        var job = new CountingJob(clock, logs.CreateLogger("job"));
        await job.StartAsync(CancellationToken.None);
        Assert.Equal(1, await job.Passes.Reader.ReadAsync().AsTask().WaitAsync(Wait));

        // 4,464 intervals of ten minutes: a periodic timer on this clock fires them all, one by one.
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, await job.Passes.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        await Task.Delay(200);
        Assert.False(job.Passes.Reader.TryRead(out _), "the job caught up on the intervals it missed");

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(3, await job.Passes.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        await job.StopAsync(CancellationToken.None);
    }

    /// <summary>Named for the metrics: the meter is process-wide, the tag tells this test's job apart.</summary>
    private sealed class MeasuredJob(TimeProvider time, ILogger logger) : PeriodicJob(time, logger)
    {
        private int _count;

        protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

        protected override Task RunOnceAsync(CancellationToken stoppingToken)
        {
            if (Interlocked.Increment(ref _count) == 2)
            {
                throw new InvalidOperationException("base de données indisponible");
            }
            CountItems(3);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Each_pass_is_measured_by_outcome_with_its_duration_and_items()
    {
        var measured = new ConcurrentQueue<(string Instrument, double Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Contrevue.Infrastructure.Metrics.AppMeters.Jobs)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? job = null, outcome = null;
            foreach (var tag in tags)
            {
                job = tag.Key == "contrevue.job.name" ? tag.Value as string : job;
                outcome = tag.Key == "contrevue.job.outcome" ? tag.Value as string : outcome;
            }
            if (job == nameof(MeasuredJob))
            {
                measured.Enqueue((instrument.Name, value, outcome));
            }
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        var clock = new FakeTimeProvider();
        using var logs = new CapturedLogs();
        var job = new MeasuredJob(clock, logs.CreateLogger("job"));

        await job.StartAsync(CancellationToken.None);
        for (var pass = 1; pass < 3; pass++)
        {
            await WaitForAsync(() => measured.Count(m => m.Instrument == "contrevue.job.runs") == pass);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        await WaitForAsync(() => measured.Count(m => m.Instrument == "contrevue.job.runs") == 3);
        await job.StopAsync(CancellationToken.None);

        Assert.Equal(["succeeded", "failed", "succeeded"], measured.Where(m => m.Instrument == "contrevue.job.runs").Select(m => m.Outcome));
        Assert.Equal(3, measured.Count(m => m.Instrument == "contrevue.job.duration" && m.Value >= 0));
        Assert.Equal(6, measured.Where(m => m.Instrument == "contrevue.job.items").Sum(m => m.Value));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Wait;
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the measurement did not come");
            await Task.Delay(20);
        }
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
