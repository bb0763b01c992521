using Contrevue.Features.Territories;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Infrastructure;

/// <summary>A second instance on an existing database: what happens at a restart or behind a proxy.</summary>
[Collection(AppsCollection.Name)]
public sealed class RestartTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_restart_does_not_import_the_bundled_data_again(DatabaseProvider provider)
    {
        var first = await apps.GetAsync(provider);

        await using var restarted = new AppFactory(first.Database, ownsDatabase: false);
        var client = restarted.CreateBrowserlessClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/communes/42218-saint-etienne")).StatusCode);
        using var scope = restarted.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        Assert.Equal(1, await db.Set<TerritoryImport>().CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Behind_a_trusted_proxy_the_forwarded_scheme_is_honoured(DatabaseProvider provider)
    {
        var direct = await apps.GetAsync(provider);
        // The forwarded host is taken only when it is one the site serves: here its public address.
        var settings = new Dictionary<string, string> { ["ForwardedHeaders:Enabled"] = "true", ["Site:PublicUrl"] = "https://contrevue.example" };
        await using var behindProxy = new AppFactory(direct.Database, settings, ownsDatabase: false);

        // The proxy, on loopback (trusted by default), tells the app the visitor came over HTTPS.
        static void FromProxy(HttpContext context)
        {
            context.Request.Method = "GET";
            context.Request.Path = "/communes/42218-saint-etienne";
            context.Request.Headers["X-Forwarded-Proto"] = "https";
            context.Request.Headers["X-Forwarded-Host"] = "contrevue.example";
            context.Request.Headers["X-Forwarded-For"] = "198.51.100.23";
            context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        }
        var proxied = await behindProxy.Server.SendAsync(FromProxy);
        var notTrusted = await direct.Server.SendAsync(FromProxy);

        Assert.Equal(200, proxied.Response.StatusCode);
        Assert.Contains("max-age=", proxied.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Equal(200, notTrusted.Response.StatusCode);
        Assert.Empty(notTrusted.Response.Headers.StrictTransportSecurity.ToString());
        Assert.DoesNotContain(behindProxy.Logs.Lines, line => line.Contains("198.51.100.23", StringComparison.Ordinal));
    }
}
