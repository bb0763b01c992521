using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Contrevue.Infrastructure.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Contrevue.Tests.Features.Veille.Feeds;

/// <summary>The fixture feeds of this folder, the token « zzword » replaced by a word of the test's own (ids, links and titles unique per test).</summary>
public static class FeedFixtures
{
    public static byte[] Bytes(string name, string word)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Features", "Veille", "Feeds", "fixtures", name));
        // Byte by byte: the token is ASCII, and a Latin-1 fixture must stay Latin-1.
        var token = "zzword"u8.ToArray();
        var replacement = Encoding.ASCII.GetBytes(word);
        var output = new List<byte>(bytes.Length + 256);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(token))
            {
                output.AddRange(replacement);
                i += token.Length - 1;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }
        return [.. output];
    }
}

/// <summary>A request the fixture server received, with the validators it carried.</summary>
public sealed record FixtureRequest(string Path, string? IfNoneMatch, string? IfModifiedSince);

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 serving feeds as sites do: with an ETag and a Last-Modified, answering
/// 304 to a request that carries them unchanged; or whatever a test sets for a path.
/// </summary>
public sealed class FeedFixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);

    private FeedFixtureServer(WebApplication app) => _app = app;

    public ConcurrentQueue<FixtureRequest> Requests { get; } = new();

    public string BaseAddress { get; private set; } = "";

    public string Url(string path) => BaseAddress + path;

    public static async Task<FeedFixtureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath(), EnvironmentName = "FeedFixtures" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FeedFixtureServer(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server.Requests.Enqueue(new FixtureRequest(path, context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } etag ? etag : null,
                context.Request.Headers.IfModifiedSince.ToString() is { Length: > 0 } since ? since : null));
            if (server._routes.TryGetValue(path, out var route))
            {
                await route(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        });
        await app.StartAsync();
        server.BaseAddress = app.Urls.Single().TrimEnd('/');
        return server;
    }

    /// <summary>Serves a feed with validators: 304 when the request carries the same ETag.</summary>
    public void Feed(string path, byte[] body, string contentType, string etag, DateTimeOffset lastModified, string? cacheControl = null) =>
        _routes[path] = async context =>
        {
            if (cacheControl is not null)
            {
                context.Response.Headers.CacheControl = cacheControl;
            }
            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = lastModified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body);
        };

    public void Status(string path, int status, string? retryAfter = null) =>
        _routes[path] = context =>
        {
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }
            return Task.CompletedTask;
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The test seam of the outbound address policy: loopback literals are allowed, to reach <see cref="FeedFixtureServer"/>;
/// everything else is judged as in production. Only a test host registers it (ConfigureTestServices).
/// </summary>
public sealed class LoopbackForTests : IOutboundAddressPolicy
{
    public Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
            ? Task.FromResult(new[] { address })
            : AddressGuard.ResolveAllowedAsync(host, cancellationToken);
}

/// <summary>
/// A huge feed served over a bare socket, so that what was really sent can be counted: Kestrel turns writes after the
/// client has gone into silent no-ops, a socket fails them. Serves one request, streaming up to a size, announced or not.
/// </summary>
public sealed class HugeFeedServer : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;
    private long _sent;

    public HugeFeedServer(long bytes, bool announceLength)
    {
        _listener.Start();
        _serving = ServeAsync(bytes, announceLength);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/enorme.xml";

    /// <summary>Bytes of the body the socket accepted before the client hung up.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Completes once the client has hung up (or everything was sent).</summary>
    public Task Served => _serving;

    private async Task ServeAsync(long bytes, bool announceLength)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[8192];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n"
            + (announceLength ? $"Content-Length: {bytes}\r\n" : "") + "\r\n";
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head + "<rss version=\"2.0\"><channel><title>"));
            while (Sent + chunk.Length <= bytes)
            {
                await stream.WriteAsync(chunk);
                Interlocked.Add(ref _sent, chunk.Length);
            }
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The client hung up at its cap: what we wanted.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
    }
}
