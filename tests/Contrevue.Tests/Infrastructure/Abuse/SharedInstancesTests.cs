using System.Net;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Contrevue.Tests.Infrastructure.Abuse;

/// <summary>
/// Two instances on one PostgreSQL database: a client's allowance and a spent proof of work are the
/// same whichever instance the proxy sends it to.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class SharedInstancesTests(TestApps apps, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Abuse:ProofOfWorkBits"] = "8",
        ["Abuse:UnverifiedPerMinute"] = "3",
    };

    private static bool PostgresConfigured => TestDatabases.Providers.Contains(DatabaseProvider.Postgres);

    /// <summary>An address no other test uses: the shared database keeps counts between tests.</summary>
    private static IPAddress UniqueClient() => new([10, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>The windows are the clock's minutes: a test counting across a boundary would start again from zero.</summary>
    private static async Task ClearOfAWindowEdge()
    {
        var second = TimeProvider.System.GetUtcNow().Second;
        if (second >= 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }

    [Fact]
    public async Task A_client_over_its_allowance_on_one_instance_is_refused_by_the_other()
    {
        if (!PostgresConfigured)
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        await using var first = new AppFactory(shared.Database, Settings, ownsDatabase: false);
        await using var second = new AppFactory(shared.Database, Settings, ownsDatabase: false);
        var client = UniqueClient();
        await ClearOfAWindowEdge();

        var onFirst = first.Services.GetRequiredService<PublicWriteLimiter>();
        var onSecond = second.Services.GetRequiredService<PublicWriteLimiter>();
        Assert.Null(await onFirst.TryAcquireAsync(client, verified: false));
        Assert.Null(await onSecond.TryAcquireAsync(client, verified: false));
        Assert.Null(await onFirst.TryAcquireAsync(client, verified: false));
        var refused = await onSecond.TryAcquireAsync(client, verified: false);

        Assert.NotNull(refused);
        Assert.InRange(refused.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        // Another client, and the looser limit of the same client, are counted apart.
        Assert.Null(await onSecond.TryAcquireAsync(UniqueClient(), verified: false));
        Assert.Null(await onSecond.TryAcquireAsync(client, verified: true));
        // What the database holds names no address.
        var keys = await ReadKeysAsync(shared.Database.ConnectionString);
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Matches("^[A-Za-z0-9_-]{22}$", key);
            Assert.DoesNotContain(client.ToString(), key, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Sign_in_attempts_are_counted_across_instances_and_the_eleventh_gets_429_in_french()
    {
        if (!PostgresConfigured)
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        await using var first = new AppFactory(shared.Database, ownsDatabase: false);
        await using var second = new AppFactory(shared.Database, ownsDatabase: false);
        var client = UniqueClient();
        await ClearOfAWindowEdge();

        Task<HttpContext> Attempt(AppFactory app) => app.Server.SendAsync(context =>
        {
            context.Request.Method = "POST";
            context.Request.Path = "/connexion";
            context.Connection.RemoteIpAddress = client;
        });

        for (var i = 0; i < 10; i++)
        {
            var answer = await Attempt(i % 2 == 0 ? first : second);
            Assert.NotEqual(StatusCodes.Status429TooManyRequests, answer.Response.StatusCode);
        }
        var refused = await Attempt(second);

        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        Assert.Equal("60", refused.Response.Headers.RetryAfter.ToString());
        using var reader = new StreamReader(refused.Response.Body);
        Assert.Equal("Trop de tentatives : réessayez dans une minute.", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_challenge_spent_on_one_instance_is_replayed_on_the_other()
    {
        if (!PostgresConfigured)
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        await using var first = new AppFactory(shared.Database, Settings, ownsDatabase: false);
        await using var second = new AppFactory(shared.Database, Settings, ownsDatabase: false);
        var challenge = first.Services.GetRequiredService<ProofOfWork>().Issue();
        var solution = ProofOfWorkTests.Solve(challenge);

        Assert.Equal(ProofOfWorkResult.Valid, await first.Services.GetRequiredService<ProofOfWork>().VerifyAsync(challenge, solution));
        Assert.Equal(ProofOfWorkResult.Replayed, await second.Services.GetRequiredService<ProofOfWork>().VerifyAsync(challenge, solution));
        Assert.Equal(ProofOfWorkResult.Replayed, await first.Services.GetRequiredService<ProofOfWork>().VerifyAsync(challenge, solution));
    }

    [Fact]
    public async Task Simultaneous_posts_of_one_challenge_on_two_instances_pass_once()
    {
        if (!PostgresConfigured)
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        await using var first = new AppFactory(shared.Database, Settings, ownsDatabase: false);
        await using var second = new AppFactory(shared.Database, Settings, ownsDatabase: false);
        var challenge = first.Services.GetRequiredService<ProofOfWork>().Issue();
        var solution = ProofOfWorkTests.Solve(challenge);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? first : second).Services.GetRequiredService<ProofOfWork>().VerifyAsync(challenge, solution).AsTask()));

        Assert.Single(results, r => r == ProofOfWorkResult.Valid);
        Assert.Equal(7, results.Count(r => r == ProofOfWorkResult.Replayed));
    }

    [Fact]
    public async Task One_acquire_on_postgresql_costs_a_round_trip()
    {
        if (!PostgresConfigured)
        {
            return;
        }
        var shared = await apps.GetAsync(DatabaseProvider.Postgres);
        var counter = shared.Services.GetRequiredService<IWindowCounter>();
        var time = shared.Services.GetRequiredService<TimeProvider>();
        for (var i = 0; i < 50; i++)
        {
            await counter.TryAcquireAsync("measure:warm-up", 1_000_000, TimeSpan.FromMinutes(1), time, default);
        }
        const int Count = 2000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
        {
            await counter.TryAcquireAsync("measure:" + (i % 100), 1_000_000, TimeSpan.FromMinutes(1), time, default);
        }
        clock.Stop();

        var perAcquire = clock.Elapsed / Count;
        output.WriteLine($"One shared acquire on PostgreSQL: {perAcquire.TotalMilliseconds:F3} ms ({Count} sequential)");
        Assert.True(perAcquire < TimeSpan.FromMilliseconds(20), $"{perAcquire.TotalMilliseconds} ms per acquire");
    }

    private static async Task<List<string>> ReadKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT key FROM shared_window_counters", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }
}
