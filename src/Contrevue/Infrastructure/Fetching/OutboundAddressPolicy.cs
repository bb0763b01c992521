using System.Net;
using System.Net.Sockets;

namespace Contrevue.Infrastructure.Fetching;

/// <summary>
/// Which addresses an outbound fetch may reach. The app registers <see cref="PublicAddressesOnly"/>, the
/// <see cref="AddressGuard"/>'s rule, and nothing in configuration can change it: only a test, replacing the
/// service in its own host, lets a fetch reach the local server that serves its fixtures.
/// </summary>
public interface IOutboundAddressPolicy
{
    /// <summary>The addresses of <paramref name="host"/> a fetch may connect to; <see cref="RefusedAddressException"/> otherwise.</summary>
    Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken);
}

/// <summary>Public unicast addresses only (<see cref="AddressGuard.ResolveAllowedAsync"/>).</summary>
public sealed class PublicAddressesOnly : IOutboundAddressPolicy
{
    public Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken) =>
        AddressGuard.ResolveAllowedAsync(host, cancellationToken);
}

public static class OutboundAddressPolicy
{
    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host through <paramref name="policy"/> and
    /// connects only to the addresses it allowed (a name that turns private between check and connection is refused).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectThrough(IOutboundAddressPolicy policy) =>
        async (context, cancellationToken) =>
        {
            var addresses = await policy.ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
