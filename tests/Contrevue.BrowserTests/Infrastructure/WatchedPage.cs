using System.Collections.Concurrent;

namespace Contrevue.BrowserTests.Infrastructure;

/// <summary>
/// A page whose every request, console error and uncaught exception is recorded, so that a test can
/// assert that nothing left the origin and that nothing broke (a CSP violation is a console error).
/// </summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly Uri _origin;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public WatchedPage(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        _origin = origin;
        Page = page;
        page.Request += (_, request) => _requests.Enqueue(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Enqueue($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _errors.Enqueue($"uncaught error on {page.Url}: {error}");
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>No JavaScript error, no CSP violation, no failed resource on any page visited so far.</summary>
    public void AssertNoBrowserErrors() =>
        Assert.True(_errors.IsEmpty, "The browser reported errors:\n" + string.Join("\n", _errors));

    /// <summary>
    /// The same, except the 400 answers of <paramref name="path"/> the test provoked by submitting bad input
    /// (the browser reports the status of a form page refused as a failed resource).
    /// </summary>
    public void AssertNoBrowserErrorsBut400sOf(string path)
    {
        var unexpected = _errors.Where(e => !(e.Contains($"{path}: Failed to load resource", StringComparison.Ordinal) && e.Contains("status of 400", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "The browser reported errors:\n" + string.Join("\n", unexpected));
    }

    /// <summary>The privacy promise: no page asks anything of another site.</summary>
    public void AssertNoRequestLeftTheOrigin()
    {
        Assert.NotEmpty(_requests);
        var elsewhere = _requests.Where(url => !IsOnOrigin(url)).ToList();
        Assert.True(elsewhere.Count == 0, $"Requests left {_origin}:\n" + string.Join("\n", elsewhere));
    }

    private bool IsOnOrigin(string url)
    {
        var uri = new Uri(url);
        return uri.Scheme == "data"
            || (uri.Scheme == _origin.Scheme && uri.Host == _origin.Host && uri.Port == _origin.Port);
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
