using Contrevue.Infrastructure.Files;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Fetching;

public enum SnapshotErrorKind
{
    /// <summary><c>Observatoire:Snapshots:Enabled</c> is false: 409.</summary>
    Disabled,
    /// <summary>Not an absolute http(s) address: 400.</summary>
    InvalidUrl,
    /// <summary>A local, private or reserved address, directly or after a redirect: 400.</summary>
    RefusedAddress,
    /// <summary>The page could not be fetched (no answer, error status, too many redirects): 502.</summary>
    Unreachable,
    /// <summary>Not HTML, PDF, PNG or JPEG, or not what it claims: 415.</summary>
    UnsupportedContent,
    /// <summary>Over <c>Observatoire:Snapshots:MaxBytes</c>: 413.</summary>
    TooLarge,
}

public sealed record SnapshotResult(StoredFileInfo? File, SnapshotErrorKind? ErrorKind = null, string? Error = null)
{
    public bool Succeeded => File is not null;

    public string? Sha256 => File?.Sha256;

    public static SnapshotResult Refused(SnapshotErrorKind kind, string error) => new(null, kind, error);
}

/// <summary>
/// Copies a source's web page (or the PDF or image it points to) when snapshots are enabled, so that
/// the proof survives the page's removal. The server only reaches public addresses: checked before the
/// request, again when each connection is made (<see cref="OutboundAddressPolicy.ConnectThrough"/>), and at each
/// redirect, which is followed by hand.
/// </summary>
public sealed class SourceSnapshotter(IHttpClientFactory clients, SourceFileStore store, IOptions<SnapshotOptions> options)
{
    public const string ClientName = "observatoire-snapshots";
    public const int MaxRedirects = 3;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The longest address accepted anywhere one is typed (browsers handle 2,000 characters everywhere).</summary>
    public const int MaxAddressLength = 2000;

    public const string DisabledMessage = "Les captures de pages sont désactivées sur cette instance : joignez le document en fichier.";
    public const string RefusedAddressMessage = "Adresse refusée : les adresses locales ou privées (127.0.0.1…) ne peuvent pas être capturées.";

    private static readonly Dictionary<string, FileType> AcceptedMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text/html"] = FileType.Html,
        ["application/pdf"] = FileType.Pdf,
        ["image/png"] = FileType.Png,
        ["image/jpeg"] = FileType.Jpeg,
    };

    public bool Enabled => options.Value.Enabled;

    public async Task<SnapshotResult> SnapshotAsync(string url, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return SnapshotResult.Refused(SnapshotErrorKind.Disabled, DisabledMessage);
        }
        if (!TryParseWebAddress(url, out var address))
        {
            return SnapshotResult.Refused(SnapshotErrorKind.InvalidUrl, "Adresse invalide : donnez une adresse complète en http:// ou https://.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            return await FetchAsync(address, timeout.Token);
        }
        catch (RefusedAddressException)
        {
            return SnapshotResult.Refused(SnapshotErrorKind.RefusedAddress, RefusedAddressMessage);
        }
        catch (HttpRequestException exception) when (exception.InnerException is RefusedAddressException)
        {
            return SnapshotResult.Refused(SnapshotErrorKind.RefusedAddress, RefusedAddressMessage);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SnapshotResult.Refused(SnapshotErrorKind.Unreachable,
                $"La page n'a pas répondu en {Timeout.TotalSeconds:0} secondes.");
        }
        catch (Exception exception) when (exception is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            return SnapshotResult.Refused(SnapshotErrorKind.Unreachable, "La page n'a pas pu être récupérée : adresse introuvable ou serveur injoignable.");
        }
    }

    private async Task<SnapshotResult> FetchAsync(Uri address, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        for (var redirects = 0; ; redirects++)
        {
            // Checked here for a clear answer; the connection checks again what is actually reached.
            await AddressGuard.ResolveAllowedAsync(address.IdnHost, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.Accept.ParseAdd("text/html, application/pdf, image/png, image/jpeg;q=0.9, */*;q=0.1");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode))
            {
                if (redirects >= MaxRedirects)
                {
                    return SnapshotResult.Refused(SnapshotErrorKind.Unreachable, $"La page redirige plus de {MaxRedirects} fois : donnez l'adresse finale.");
                }
                if (response.Headers.Location is not { } location
                    || !TryParseWebAddress(new Uri(address, location).AbsoluteUri, out address))
                {
                    return SnapshotResult.Refused(SnapshotErrorKind.Unreachable, "La page redirige vers une adresse invalide.");
                }
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                return SnapshotResult.Refused(SnapshotErrorKind.Unreachable, $"La page a répondu par une erreur ({(int)response.StatusCode}).");
            }
            return await StoreAsync(response.Content, cancellationToken);
        }
    }

    private async Task<SnapshotResult> StoreAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var mediaType = content.Headers.ContentType?.MediaType;
        if (mediaType is null || !AcceptedMediaTypes.TryGetValue(mediaType, out var type))
        {
            return SnapshotResult.Refused(SnapshotErrorKind.UnsupportedContent,
                $"Seules les pages HTML, les PDF et les images PNG ou JPEG peuvent être capturées (reçu : {mediaType ?? "type inconnu"}).");
        }
        var max = options.Value.MaxBytes;
        if (content.Headers.ContentLength > max)
        {
            return TooLarge(max);
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var bytes = await SourceFileStore.ReadAtMostAsync(stream, max, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(max);
        }
        return await StoreContentAsync(bytes, type, content.Headers.ContentType?.CharSet, cancellationToken);
    }

    /// <summary>
    /// Stores what a page answered: HTML as it is (it is served sandboxed, without its scripts, styles or
    /// images), documents through the same checks and cleaning as uploads, their announced type
    /// standing for a file name that the content must agree with.
    /// </summary>
    internal async Task<SnapshotResult> StoreContentAsync(byte[] bytes, FileType type, string? charset, CancellationToken cancellationToken)
    {
        if (type == FileType.Html)
        {
            if (bytes.Length == 0)
            {
                return SnapshotResult.Refused(SnapshotErrorKind.UnsupportedContent, "La page est vide.");
            }
            return new SnapshotResult(await store.StoreHtmlAsync(bytes, SafeCharset(charset), cancellationToken));
        }
        var stored = await store.StoreAsync(new MemoryStream(bytes, writable: false), $"capture.{type.Extension}", bytes.Length, cancellationToken);
        return stored.ErrorKind switch
        {
            null => new SnapshotResult(stored.File),
            FileErrorKind.TooLarge => SnapshotResult.Refused(SnapshotErrorKind.TooLarge, stored.Error!),
            FileErrorKind.Mismatch or FileErrorKind.UnsupportedType => SnapshotResult.Refused(SnapshotErrorKind.UnsupportedContent,
                $"L'adresse annonce {type.Label}, mais son contenu semble être {FileSniffer.Sniff(bytes).Description}."),
            _ => SnapshotResult.Refused(SnapshotErrorKind.UnsupportedContent, stored.Error!),
        };
    }

    /// <summary>An absolute http or https address with a host.</summary>
    public static bool TryParseWebAddress(string? url, out Uri address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxAddressLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(parsed.IdnHost))
        {
            return false;
        }
        address = parsed;
        return true;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The charset, if it is a plain name (it ends up in a header of ours).</summary>
    private static string? SafeCharset(string? charset)
    {
        var name = charset?.Trim('"', ' ');
        return name is { Length: > 0 and <= 40 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? name.ToLowerInvariant()
            : null;
    }

    private static SnapshotResult TooLarge(long max) =>
        SnapshotResult.Refused(SnapshotErrorKind.TooLarge, $"La page dépasse la taille permise pour une capture ({SourceFileStore.FormatSize(max)}).");

    /// <summary>The named client: no proxy, no cookies, no automatic redirect, connections checked.</summary>
    internal static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        // A proxy would be the one connecting, past our checks.
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = OutboundAddressPolicy.ConnectThrough(new PublicAddressesOnly()),
        MaxResponseHeadersLength = 64,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    internal static void ConfigureClient(HttpClient client)
    {
        client.Timeout = Timeout;
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Contrevue", "1.0"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("(capture de source)"));
    }
}
