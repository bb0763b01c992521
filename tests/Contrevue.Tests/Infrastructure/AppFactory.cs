using System.Net;
using System.Security.Cryptography;
using Contrevue.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Contrevue.Tests.Infrastructure;

/// <summary>The whole app in memory, on a real database of the given provider.</summary>
public sealed class AppFactory(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null, bool ownsDatabase = true)
    : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    /// <summary>Every log line the app wrote, to check what it keeps (no IP address, for one).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>
    /// The address this app's test requests come from (TestServer gives none). Per-client limits are
    /// counted in the database on PostgreSQL, and several test apps share one database: each app is its
    /// own client, as each was when the limits were counted in memory. A test that needs other
    /// addresses sets them itself (its own startup filter, or X-Forwarded-For: a loopback address is a
    /// trusted proxy by default, as TestServer's missing address was).
    /// </summary>
    public IPAddress ClientAddress { get; } = new([127, .. RandomNumberGenerator.GetBytes(3)]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Default", Database.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFilter(ClientAddress)));
        builder.ConfigureLogging(logging =>
        {
            // Captured, not printed: the test output stays the tests' own.
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(Logs);
        });
    }

    public HttpClient CreateBrowserlessClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}

internal sealed class ClientAddressFilter(IPAddress address) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= address;
            return nextMiddleware(context);
        });
        next(app);
    };
}

public sealed class CapturedLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {properties} {exception}");
        }
    }
}

/// <summary>
/// One running app per provider, with the full territory data imported once and shared by every
/// test that only reads it.
/// </summary>
public sealed class TestApps : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<AppFactory>> _apps = [];
    private readonly Lock _lock = new();

    public Task<AppFactory> GetAsync(DatabaseProvider provider)
    {
        lock (_lock)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                app = StartAsync(provider);
                _apps[provider] = app;
            }
            return app;
        }
    }

    private static async Task<AppFactory> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabases.CreateAsync(provider);
        var factory = new AppFactory(database);
        // Starting the server runs migrations and the bundled import.
        using var client = factory.CreateClient();
        var health = await client.GetAsync("/healthz");
        health.EnsureSuccessStatusCode();
        return factory;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            if (app.IsCompletedSuccessfully)
            {
                await (await app).DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppsCollection : ICollectionFixture<TestApps>
{
    public const string Name = "apps";
}
