using System.Collections.Concurrent;
using System.Diagnostics;
using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Contrevue.Tests.Infrastructure.Caching;

/// <summary>
/// Two instances on one PostgreSQL database: what one evicts from its output cache after a write, the
/// other evicts within a second, and still does after its listening connection was cut.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class CacheInvalidationTests(TestApps apps)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task An_eviction_on_one_instance_reaches_the_other_within_a_second()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        var name = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new AppFactory(shared.Database, Named(shared.Database, name + "-a"), ownsDatabase: false);
        await using var secondHost = new AppFactory(shared.Database, Named(shared.Database, name + "-b"), ownsDatabase: false);
        var evicted = new RecordingStore();
        var second = secondHost.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(evicted))));
        _ = first.Server;
        _ = second.Server;
        await ListeningAsync(shared.Database.ConnectionString, name + "-b");

        var tag = "test-" + Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        await first.Services.GetRequiredService<CacheInvalidation>().EvictAsync([tag, "observatoire"], default);

        Assert.True(await evicted.WaitForAsync(tag, Promise), $"not evicted on the other instance within {Promise}");
        Assert.True(clock.Elapsed < Promise);
        Assert.Contains("observatoire", evicted.Tags);
    }

    [Fact]
    public async Task An_instance_does_not_evict_again_when_its_own_notification_comes_back()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        var name = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new AppFactory(shared.Database, Named(shared.Database, name + "-a"), ownsDatabase: false);
        await using var secondHost = new AppFactory(shared.Database, Named(shared.Database, name + "-b"), ownsDatabase: false);
        var evicted = new RecordingStore();
        var second = secondHost.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(evicted))));
        _ = first.Server;
        _ = second.Server;
        await ListeningAsync(shared.Database.ConnectionString, name + "-b");
        evicted.Clear();

        // The second instance evicts a page; the first evicts another after it. By the time the second has
        // heard the first's notification, it has heard its own too (one channel, in order): an echo that
        // evicted again would also throw away the copy rendered since, with the new data.
        var own = "own-" + Guid.NewGuid().ToString("N");
        var other = "other-" + Guid.NewGuid().ToString("N");
        await second.Services.GetRequiredService<CacheInvalidation>().EvictAsync([own], default);
        await first.Services.GetRequiredService<CacheInvalidation>().EvictAsync([other], default);

        Assert.True(await evicted.WaitForAsync(other, Promise), $"the other instance's eviction not heard within {Promise}");
        Assert.Single(evicted.Tags, own);
    }

    [Fact]
    public async Task The_listener_reconnects_after_its_connection_is_terminated()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        var name = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new AppFactory(shared.Database, Named(shared.Database, name + "-a"), ownsDatabase: false);
        await using var secondHost = new AppFactory(shared.Database, Named(shared.Database, name + "-b"), ownsDatabase: false);
        var evicted = new RecordingStore();
        var second = secondHost.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(evicted))));
        _ = first.Server;
        _ = second.Server;
        var listener = await ListeningAsync(shared.Database.ConnectionString, name + "-b");
        var before = "before-" + Guid.NewGuid().ToString("N");
        await first.Services.GetRequiredService<CacheInvalidation>().EvictAsync([before], default);
        Assert.True(await evicted.WaitForAsync(before, Promise));

        evicted.Clear();
        await using (var admin = new NpgsqlConnection(shared.Database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend($1)", admin);
            terminate.Parameters.Add(new NpgsqlParameter<int> { TypedValue = listener });
            Assert.True((bool)(await terminate.ExecuteScalarAsync())!);
        }
        var clock = Stopwatch.StartNew();
        await ListeningAsync(shared.Database.ConnectionString, name + "-b", notPid: listener);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"listening again after {clock.Elapsed}");
        // What was announced while it was cut off is lost: on reconnecting it evicts the tags it knows.
        Assert.True(await evicted.WaitForAsync(before, Promise));

        var after = "after-" + Guid.NewGuid().ToString("N");
        await first.Services.GetRequiredService<CacheInvalidation>().EvictAsync([after], default);
        Assert.True(await evicted.WaitForAsync(after, Promise), "the listener did not recover");
        Assert.DoesNotContain(secondHost.Logs.Lines.Concat(first.Logs.Lines), line => line.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_announcement_that_fails_as_the_database_restarts_is_sent_again()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        var name = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = new AppFactory(shared.Database, Named(shared.Database, name + "-a"), ownsDatabase: false);
        await using var secondHost = new AppFactory(shared.Database, Named(shared.Database, name + "-b"), ownsDatabase: false);
        var evicted = new RecordingStore();
        var second = secondHost.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(evicted))));
        _ = first.Server;
        _ = second.Server;
        await ListeningAsync(shared.Database.ConnectionString, name + "-b");
        var invalidation = first.Services.GetRequiredService<CacheInvalidation>();
        var warm = "warm-" + Guid.NewGuid().ToString("N");
        await invalidation.EvictAsync([warm], default);
        Assert.True(await evicted.WaitForAsync(warm, Promise));

        // What a restart does to the first instance's pooled connections, the other one already listening
        // again: its next announcement fails on a dead connection, after its write was saved.
        await using (var admin = new NpgsqlConnection(shared.Database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND query NOT LIKE 'LISTEN%'", admin);
            terminate.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name + "-a" });
            Assert.True((long)(await terminate.ExecuteScalarAsync())! >= 1, "no pooled connection to cut");
        }
        await Task.Delay(100);
        var tag = "after-restart-" + Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        await invalidation.EvictAsync([tag], default);

        Assert.Contains(first.Logs.Lines, line => line.Contains("sent again once PostgreSQL answers", StringComparison.Ordinal));
        Assert.True(await evicted.WaitForAsync(tag, Promise), $"the failed announcement did not reach the other instance within {Promise}");
        Assert.True(clock.Elapsed < Promise);
        Assert.False(invalidation.HasUnsent);
    }

    [Fact]
    public async Task An_instance_empties_its_public_pages_once_it_first_listens()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres))
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        var name = "cache-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var host = new AppFactory(shared.Database, Named(shared.Database, name), ownsDatabase: false);
        var evicted = new RecordingStore();
        var starting = host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Replace(ServiceDescriptor.Singleton<IOutputCacheStore>(evicted))));

        // A starting instance may serve, and cache, pages before its listener is connected: an edit announced
        // in between would never reach it. Once it listens, what it cached before goes.
        _ = starting.Server;
        await ListeningAsync(shared.Database.ConnectionString, name);

        Assert.True(await evicted.WaitForAsync(PublicPageCache.AllPagesTag, Promise), "public pages kept after the first connection");
    }

    /// <summary>Each instance connects under its own application name, to find its listener.</summary>
    private static Dictionary<string, string> Named(TestDatabase database, string name) => new()
    {
        ["ConnectionStrings:Default"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = name }.ToString(),
    };

    /// <summary>Waits until the instance of this application name listens.</summary>
    private static async Task<int> ListeningAsync(string connectionString, string name, int? notPid = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using var count = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%' AND state = 'idle' AND pid <> $2", connection);
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            count.Parameters.Add(new NpgsqlParameter<int> { TypedValue = notPid ?? 0 });
            if (await count.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the listener did not start");
            await Task.Delay(20);
        }
    }

    /// <summary>A store that caches nothing and remembers which tags it was asked to evict.</summary>
    private sealed class RecordingStore : IOutputCacheStore
    {
        private readonly ConcurrentQueue<string> _tags = new();

        public IReadOnlyCollection<string> Tags => _tags;

        public void Clear() => _tags.Clear();

        public async Task<bool> WaitForAsync(string tag, TimeSpan within)
        {
            var clock = Stopwatch.StartNew();
            while (!_tags.Contains(tag))
            {
                if (clock.Elapsed > within)
                {
                    return false;
                }
                await Task.Delay(10);
            }
            return true;
        }

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            _tags.Enqueue(tag);
            return ValueTask.CompletedTask;
        }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<byte[]?>(null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
