using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// Per-client limits on public writes, counted in the <see cref="IWindowCounter"/> (shared by every
/// instance on PostgreSQL, in memory on SQLite): the client's address names the count only as long as
/// its window, as a keyed hash when it is stored, and is never logged. Clients that solved a proof of
/// work get the looser limit; the two are counted apart.
/// </summary>
public sealed class PublicWriteLimiter(IWindowCounter counter, TimeProvider time, IOptions<AbuseOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Takes one write from the client's allowance; null when allowed, else how long to wait.</summary>
    public ValueTask<TimeSpan?> TryAcquireAsync(IPAddress? address, bool verified, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        return verified
            ? counter.TryAcquireAsync("write:verified:" + ClientKey(address), settings.VerifiedPerMinute, Window, time, cancellationToken)
            : counter.TryAcquireAsync("write:unverified:" + ClientKey(address), settings.UnverifiedPerMinute, Window, time, cancellationToken);
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
}
