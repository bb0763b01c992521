using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests.Infrastructure;

/// <summary>
/// The real app, served by Kestrel on a free loopback port so that Chromium can reach it, on a fresh
/// SQLite file in <paramref name="dataFolder"/>.
/// </summary>
public sealed class ContrevueServer(string dataFolder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings: Program reads them while building, before any later configuration source applies.
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(dataFolder, "contrevue.db")}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Every page test comes from 127.0.0.1: the per-client limit of public writes (tested in
        // Contrevue.Tests) would otherwise make the suite depend on how many forms fit in a minute.
        builder.UseSetting("Abuse:UnverifiedPerMinute", "60");
    }

    /// <summary>Starts the app (migrations and territory import included) and returns its origin.</summary>
    public Uri Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single());
    }
}
