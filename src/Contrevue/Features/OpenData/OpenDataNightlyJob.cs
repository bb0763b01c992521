using Contrevue.Infrastructure.Jobs;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.OpenData;

/// <summary>
/// Remakes the dumps once a night: after <see cref="OpenDataOptions.NightlyHourUtc"/>, when the last dump is
/// older than that hour (or there is none). Never in the first minutes after start. With several instances
/// sharing one folder, the first one to pass writes and the others find the manifest fresh.
/// </summary>
public sealed class OpenDataNightlyJob(OpenDataDumper dumper, IOptions<OpenDataOptions> options, TimeProvider time, ILogger<OpenDataNightlyJob> logger)
    : PeriodicJob(time, logger)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    protected override TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, options.Value.CheckMinutes));

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var now = Time.GetUtcNow();
        if (now - _startedAt < TimeSpan.FromMinutes(Math.Max(0, options.Value.FirstDelayMinutes)))
        {
            return;
        }
        if (IsDue(dumper.Current?.GeneratedAt, now.UtcDateTime, options.Value.NightlyHourUtc))
        {
            var manifest = await dumper.DumpAsync(stoppingToken);
            CountItems(manifest.Files.Count);
        }
    }

    /// <summary>True when no dump was made since the latest nightly hour at or before <paramref name="now"/>.</summary>
    public static bool IsDue(DateTime? lastDump, DateTime now, int nightlyHourUtc)
    {
        var slot = now.Date.AddHours(Math.Clamp(nightlyHourUtc, 0, 23));
        if (slot > now)
        {
            slot = slot.AddDays(-1);
        }
        return lastDump is not { } last || last < slot;
    }
}
