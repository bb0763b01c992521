using System.Net;
using System.Net.Sockets;
using Contrevue.Infrastructure.Web;
using Npgsql;

namespace Contrevue.Tests.Infrastructure;

/// <summary>
/// PostgreSQL restarting under the app: pooled connections die. A request that meets one answers 503
/// with Retry-After (nothing was saved), never 500, and the next ones are served on new connections.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class DatabaseRestartTests(TestApps apps)
{
    [Fact]
    public async Task Pages_and_api_answer_after_every_connection_of_the_app_was_terminated()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        var app = await apps.GetAsync(DatabaseProvider.Postgres);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/dossiers?limit=1")).StatusCode);

        // What a restart does to the pool: every server process of this database is gone.
        await using (var admin = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1);
        }

        var statuses = new List<HttpStatusCode>();
        foreach (var path in Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? "/api/v1/dossiers?limit=1&q=" : "/observatoire?q="))
        {
            var response = await client.GetAsync(path + Guid.NewGuid().ToString("N"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
            }
        }

        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{status}"));
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
    }

    [Fact]
    public async Task An_instance_started_while_the_database_is_down_waits_for_it()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
        var real = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        // The app reaches PostgreSQL through a forwarder that drops its first connections, as a server that is
        // restarting does, then joins the next ones to the real server.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var through = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndpoint).Port,
        };
        using var stop = new CancellationTokenSource();
        var forwarder = ForwardAsync(listener, dropFirst: 2, real.Host!, real.Port, stop.Token);

        await using var app = new AppFactory(new TestDatabase(DatabaseProvider.Postgres, through.ToString(), () => Task.CompletedTask));
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(app.Logs.Lines, line => line.Contains("Base de données injoignable au démarrage", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("injoignable au démarrage", StringComparison.Ordinal)
            && line.Contains("127.0.0.1", StringComparison.Ordinal));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => forwarder);
    }

    /// <summary>A plain TCP forwarder: the first connections are closed at once, the next ones joined to the server.</summary>
    private static async Task ForwardAsync(TcpListener listener, int dropFirst, string host, int serverPort, CancellationToken cancellationToken)
    {
        for (var accepted = 1; ; accepted++)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            if (accepted <= dropFirst)
            {
                client.Dispose();
                continue;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                using (var server = new TcpClient())
                {
                    await server.ConnectAsync(host, serverPort, cancellationToken);
                    await using var fromClient = client.GetStream();
                    await using var toServer = server.GetStream();
                    await Task.WhenAny(fromClient.CopyToAsync(toServer, cancellationToken), toServer.CopyToAsync(fromClient, cancellationToken));
                }
            }, cancellationToken);
        }
    }

    [Fact]
    public void A_restarting_database_is_told_apart_from_a_bug()
    {
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        var startingUp = new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03");

        Assert.True(WebSetup.IsDatabaseUnavailable(new InvalidOperationException("transient", shutdown)));
        Assert.True(WebSetup.IsDatabaseUnavailable(new InvalidOperationException("outer", new InvalidOperationException("inner", startingUp))));
        Assert.False(WebSetup.IsDatabaseUnavailable(new PostgresException("syntax error", "ERROR", "ERROR", "42601")));
        Assert.False(WebSetup.IsDatabaseUnavailable(new InvalidOperationException("a bug")));
    }
}
