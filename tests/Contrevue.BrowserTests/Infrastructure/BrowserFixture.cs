using Microsoft.Data.Sqlite;

namespace Contrevue.BrowserTests.Infrastructure;

/// <summary>
/// One app server and one Chromium for the whole run: starting them is most of a run's time.
/// Each test opens its own browser context, so cookies and settings never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private DirectoryInfo? _dataFolder;
    private ContrevueServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri Origin { get; private set; } = null!;

    /// <summary>
    /// The same server named "localhost": WebAuthn refuses an IP address as relying party ID, and
    /// Chromium counts http://localhost as a secure context.
    /// </summary>
    public Uri LocalhostOrigin => new UriBuilder(Origin) { Host = "localhost" }.Uri;

    /// <summary>The app's services, to prepare data as a moderator would.</summary>
    public IServiceProvider Services => _server!.Services;

    public async Task InitializeAsync()
    {
        Prerequisites.Check();
        // A slow shared machine (two cores, other builds) must not turn a working page into a failure.
        SetDefaultExpectTimeout(15_000);

        _dataFolder = Directory.CreateTempSubdirectory("contrevue-browser-tests-");
        _server = new ContrevueServer(_dataFolder.FullName);
        Origin = await Task.Run(_server.Start);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            // Without the background-networking flags Chromium reaches for outside hosts on its own.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh context (French visitor unless told otherwise) with one watched page.</summary>
    public async Task<WatchedPage> OpenAsync(BrowserNewContextOptions? options = null, Uri? origin = null)
    {
        options ??= new();
        origin ??= Origin;
        options.BaseURL = origin.ToString();
        options.Locale ??= "fr-FR";
        var context = await _browser!.NewContextAsync(options);
        context.SetDefaultTimeout(20_000);
        return new WatchedPage(context, await context.NewPageAsync(), origin);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        _dataFolder?.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
