using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Fetching;

namespace Contrevue.Tests.Features.Observatoire.Files;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("0.0.0.0")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("2002:7f00:1::1")] // 6to4 of 127.0.0.1
    public void Local_private_and_reserved_addresses_are_refused(string address)
    {
        Assert.False(AddressGuard.IsAllowed(System.Net.IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2a01:e0a:1::1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    public void Public_addresses_are_allowed(string address)
    {
        Assert.True(AddressGuard.IsAllowed(System.Net.IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST.", true)]
    [InlineData("admin.localhost", true)]
    [InlineData("localhost.example.org", false)]
    [InlineData("www.service-public.fr", false)]
    public void Localhost_names_are_local_whatever_dns_says(string host, bool local)
    {
        Assert.Equal(local, AddressGuard.IsLocalName(host));
    }

    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("https://localhost/admin")]
    [InlineData("http://2130706433/")] // 127.0.0.1 as one number
    [InlineData("http://0x7f.1/")]
    public async Task Refused_hosts_are_refused_before_any_connection(string url)
    {
        Assert.True(SourceSnapshotter.TryParseWebAddress(url, out var address));

        await Assert.ThrowsAsync<RefusedAddressException>(() => AddressGuard.ResolveAllowedAsync(address.IdnHost, default));
    }

    [Theory]
    [InlineData("ftp://example.org/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative")]
    [InlineData("")]
    public void Only_absolute_web_addresses_are_taken(string url)
    {
        Assert.False(SourceSnapshotter.TryParseWebAddress(url, out _));
    }
}
