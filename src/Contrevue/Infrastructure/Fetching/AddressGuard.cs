using System.Net;
using System.Net.Sockets;

namespace Contrevue.Infrastructure.Fetching;

/// <summary>A snapshot's host is, or resolves to, an address the server must not reach.</summary>
public sealed class RefusedAddressException() : Exception("Adresse refusée : locale, privée ou réservée.");

/// <summary>
/// Which addresses a snapshot may reach: public unicast ones only. Without it, anyone allowed to take
/// snapshots could make the server read its own admin ports, the cloud's metadata service
/// (169.254.169.254) or the operator's private network.
/// </summary>
public static class AddressGuard
{
    private static readonly IPNetwork[] RefusedIPv4 =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"), // documentation
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking
        IPNetwork.Parse("198.51.100.0/24"), // documentation
        IPNetwork.Parse("203.0.113.0/24"), // documentation
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved, broadcast
    ];

    private static readonly IPNetwork[] RefusedIPv6 =
    [
        IPNetwork.Parse("::/96"), // unspecified, loopback, IPv4-compatible
        IPNetwork.Parse("100::/64"), // discard
        IPNetwork.Parse("2001::/32"), // Teredo tunnels
        IPNetwork.Parse("2001:db8::/32"), // documentation
        IPNetwork.Parse("fc00::/7"), // unique local
        IPNetwork.Parse("fe80::/10"), // link-local
        IPNetwork.Parse("fec0::/10"), // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"), // multicast
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>A public unicast address; IPv6 forms that carry an IPv4 address are judged by it.</summary>
    public static bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !RefusedIPv4.Any(network => network.Contains(address));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        // NAT64 and 6to4 reach the IPv4 address they embed.
        if (Nat64.Contains(address))
        {
            return IsAllowed(new IPAddress(bytes.AsSpan(12, 4)));
        }
        if (SixToFour.Contains(address))
        {
            return IsAllowed(new IPAddress(bytes.AsSpan(2, 4)));
        }
        return !RefusedIPv6.Any(network => network.Contains(address));
    }

    /// <summary>Names that mean this machine whatever DNS says (RFC 6761).</summary>
    public static bool IsLocalName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The addresses of a host, all of which must be allowed: a name that also resolves to a private
    /// address is refused rather than tried on its public one.
    /// </summary>
    public static async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        if (IsLocalName(host))
        {
            throw new RefusedAddressException();
        }
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0 || !addresses.All(IsAllowed))
        {
            throw new RefusedAddressException();
        }
        return addresses;
    }
}
