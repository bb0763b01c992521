using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Contrevue.Infrastructure.Fetching;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>What a feed's address answered.</summary>
public abstract record FeedResponse
{
    /// <summary>New content, with what to send next time (<c>ETag</c>, <c>Last-Modified</c>) and how long it stays fresh.</summary>
    public sealed record Content(byte[] Bytes, string? Charset, Uri Address, string? ETag, string? LastModified, TimeSpan? MaxAge) : FeedResponse;

    /// <summary>304: nothing new since the last poll.</summary>
    public sealed record NotModified(TimeSpan? MaxAge) : FeedResponse;

    /// <summary>The French reason, and how long the server asked us to wait (<c>Retry-After</c>).</summary>
    public sealed record Failed(string Error, TimeSpan? RetryAfter = null) : FeedResponse;
}

/// <summary>
/// Fetches a feed as the source snapshots fetch pages: public addresses only (checked before each request, when
/// each connection is made, and at each redirect, followed by hand), no proxy, no cookies, a time limit and a size
/// cap (read as it arrives: a 50 MB answer costs 5 MiB at most). Conditional: the validators of the last answer are
/// sent back, and a 304 means nothing new.
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOutboundAddressPolicy addresses, TimeProvider time)
{
    public const string ClientName = "veille-feeds";
    public const int MaxRedirects = 3;
    public const long MaxBytes = 5 * 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public const string RefusedAddressMessage = "Adresse refusée : les adresses locales ou privées (127.0.0.1, 192.168…) ne peuvent pas être suivies.";

    public async Task<FeedResponse> FetchAsync(string url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        if (!SourceSnapshotter.TryParseWebAddress(url, out var address))
        {
            return new FeedResponse.Failed("Adresse invalide : donnez une adresse complète en http:// ou https://.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await FetchAsync(address, etag, lastModified, timeout.Token);
        }
        catch (RefusedAddressException)
        {
            return new FeedResponse.Failed(RefusedAddressMessage);
        }
        catch (HttpRequestException exception) when (exception.InnerException is RefusedAddressException)
        {
            return new FeedResponse.Failed(RefusedAddressMessage);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FeedResponse.Failed(string.Format(CultureInfo.InvariantCulture, "Le site n'a pas répondu en {0} secondes.", Timeout.TotalSeconds));
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Net.Sockets.SocketException or IOException or InvalidOperationException or ArgumentException)
        {
            return new FeedResponse.Failed("Le flux n'a pas pu être récupéré : adresse introuvable ou serveur injoignable.");
        }
    }

    private async Task<FeedResponse> FetchAsync(Uri address, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        for (var redirects = 0; ; redirects++)
        {
            await addresses.ResolveAllowedAsync(address.IdnHost, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1");
            if (!string.IsNullOrEmpty(etag))
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }
            if (!string.IsNullOrEmpty(lastModified))
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
            }
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode))
            {
                if (redirects >= MaxRedirects)
                {
                    return new FeedResponse.Failed(string.Format(CultureInfo.InvariantCulture, "Le flux redirige plus de {0} fois : donnez son adresse finale.", MaxRedirects));
                }
                if (response.Headers.Location is not { } location
                    || !SourceSnapshotter.TryParseWebAddress(new Uri(address, location).AbsoluteUri, out address))
                {
                    return new FeedResponse.Failed("Le flux redirige vers une adresse invalide.");
                }
                continue;
            }
            var maxAge = response.Headers.CacheControl?.MaxAge;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FeedResponse.NotModified(maxAge);
            }
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = RetryAfter(response.Headers.RetryAfter);
                return new FeedResponse.Failed(
                    string.Format(CultureInfo.InvariantCulture, "Le site a répondu par une erreur ({0}).", (int)response.StatusCode), retryAfter);
            }
            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                return TooLarge();
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            // Null as soon as there are more than MaxBytes: the rest is never read.
            var bytes = await Contrevue.Infrastructure.Files.SourceFileStore.ReadAtMostAsync(stream, MaxBytes, cancellationToken);
            if (bytes is null)
            {
                return TooLarge();
            }
            return new FeedResponse.Content(bytes, response.Content.Headers.ContentType?.CharSet, address,
                response.Headers.ETag?.ToString() is { Length: <= 300 } tag ? tag : null,
                response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture), maxAge);
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is { Ticks: > 0 } wait ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static FeedResponse.Failed TooLarge() => new(string.Format(CultureInfo.InvariantCulture,
        "Flux trop volumineux : il dépasse {0}, la taille lue au plus pour un flux.", Infrastructure.Files.SourceFileStore.FormatSize(MaxBytes)));

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The named client's handler: no proxy, no cookies, no automatic redirect, each connection through the address policy.</summary>
    internal static SocketsHttpHandler CreateHandler(IServiceProvider services) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = OutboundAddressPolicy.ConnectThrough(services.GetRequiredService<IOutboundAddressPolicy>()),
        MaxResponseHeadersLength = 64,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    internal static void ConfigureClient(HttpClient client)
    {
        client.Timeout = Timeout;
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Contrevue", "1.0"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("(veille)"));
    }
}
