using System.Diagnostics;
using System.Threading.RateLimiting;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// An ASP.NET rate-limiter partition that counts in the <see cref="IWindowCounter"/>, so that the
/// <c>RequireRateLimiting</c> / <c>[EnableRateLimiting]</c> policies share their counts between
/// instances like the public-write limit does. Fixed window, no queue: as the
/// <c>FixedWindowRateLimiter</c> it replaces, a request over the allowance is refused with the time
/// left in the window as its Retry-After.
/// </summary>
/// <remarks>
/// Counting is asynchronous (a database round trip on PostgreSQL), so the synchronous attempt the
/// middleware makes first always declines, and the middleware then asks <see cref="AcquireAsyncCore"/>,
/// which counts once.
/// </remarks>
public sealed class WindowCounterRateLimiter(IWindowCounter counter, TimeProvider time, string key, int permits, TimeSpan window) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    /// <summary>A partition whose counts are kept by the app's <see cref="IWindowCounter"/>.</summary>
    public static RateLimitPartition<string> Partition(HttpContext context, string policy, string partitionKey, int permits, TimeSpan window)
    {
        var services = context.RequestServices;
        return RateLimitPartition.Get(partitionKey, k => new WindowCounterRateLimiter(
            services.GetRequiredService<IWindowCounter>(), services.GetRequiredService<TimeProvider>(), policy + ":" + k, permits, window));
    }

    /// <summary>Lets the partitioned limiter drop partitions nobody used lately: the counts are not here.</summary>
    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotCounted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return Lease.Granted;
        }
        var retryAfter = await counter.TryAcquireAsync(key, permits, window, time, cancellationToken);
        return retryAfter is null ? Lease.Granted : new Lease(false, retryAfter);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotCounted = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}
