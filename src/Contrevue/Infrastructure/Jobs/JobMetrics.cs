using System.Diagnostics.Metrics;
using Contrevue.Infrastructure.Metrics;

namespace Contrevue.Infrastructure.Jobs;

/// <summary>
/// Runs, failures, duration and items of every periodic job, labelled by the job's class name (a
/// handful of values). Static, like the jobs' base: nothing is measured until a listener (the
/// Prometheus exporter, when metrics are on) subscribes.
/// </summary>
internal static class JobMetrics
{
    /// <summary>Not "job": Prometheus gives that label to the scrape target.</summary>
    public const string NameTag = "contrevue.job.name";

    public const string OutcomeTag = "contrevue.job.outcome";

    private static readonly Meter Meter = new(AppMeters.Jobs);

    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "contrevue.job.runs", "{run}", "Passes of a periodic job, by outcome (succeeded, failed).");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "contrevue.job.duration", "s", "Duration of a pass of a periodic job.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    private static readonly Counter<long> Items = Meter.CreateCounter<long>(
        "contrevue.job.items", "{item}", "Items a periodic job handled (messages sent, rows erased), where the job counts them.");

    public static void Record(string job, bool succeeded, TimeSpan duration)
    {
        var name = new KeyValuePair<string, object?>(NameTag, job);
        Runs.Add(1, name, new KeyValuePair<string, object?>(OutcomeTag, succeeded ? "succeeded" : "failed"));
        Duration.Record(duration.TotalSeconds, name);
    }

    public static void RecordItems(string job, int count) =>
        Items.Add(count, new KeyValuePair<string, object?>(NameTag, job));
}
