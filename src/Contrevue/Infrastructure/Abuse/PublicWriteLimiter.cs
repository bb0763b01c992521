using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// Per-client limits on public writes, in memory: the client's address is a partition key that lives
/// only as long as its window and is never logged or stored. Clients that solved a proof of work get
/// the looser limit; the two are counted apart.
/// </summary>
public sealed class PublicWriteLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Client, bool Verified)> _limiter;

    public PublicWriteLimiter(IOptions<AbuseOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<(string Client, bool Verified), (string, bool)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Item2 ? settings.VerifiedPerMinute : settings.UnverifiedPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    /// <summary>Takes one write from the client's allowance; null when allowed, else how long to wait.</summary>
    public TimeSpan? TryAcquire(IPAddress? address, bool verified)
    {
        using var lease = _limiter.AttemptAcquire((ClientKey(address), verified));
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    /// <summary>
    /// An IPv6 client usually holds a whole /64 and could rotate through it: the /64 is the client.
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes).ToString();
        }
        return address.ToString();
    }

    public void Dispose() => _limiter.Dispose();
}
