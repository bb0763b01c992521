using Microsoft.Extensions.Primitives;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// The one rule for absolute links (e-mails, Atom feeds, og:image, .ics, posters, security.txt):
/// <c>Site:PublicUrl</c> when set; otherwise the scheme and host of the request, which is served
/// only when its Host is one of <see cref="AllowedHosts"/> (loopback names by default; the check is
/// in <c>SecuritySetup</c>). A link is never built from a Host nobody chose: a forged one would send
/// a password-reset token, or a cached feed's readers, to the forger.
/// </summary>
public sealed class SiteAddress
{
    /// <summary>What a local run answers to without configuration, on any port.</summary>
    public static readonly IReadOnlyList<string> LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>For work done outside a request (reminders, follow-ups) when no public address is set: the README's run command.</summary>
    public const string LocalAddress = "http://localhost:8080";

    private readonly StringSegment[] _allowed;

    public SiteAddress(IConfiguration configuration)
    {
        Configured = ReadPublicUrl(configuration["Site:PublicUrl"]);
        var hosts = (configuration["AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        if (hosts.Count == 0)
        {
            hosts.AddRange(LocalHosts);
        }
        if (Configured is not null)
        {
            // Setting the public address is enough to be served under it.
            hosts.Add(HostString.FromUriComponent(new Uri(Configured)).Host);
        }
        AllowedHosts = hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        AdmitsAnyHost = AllowedHosts.Contains("*");
        _allowed = [.. AllowedHosts.Select(h => new StringSegment(h))];
    }

    /// <summary><c>Site:PublicUrl</c> without its final slash; null when not set.</summary>
    public string? Configured { get; }

    /// <summary>The Host names served (<c>AllowedHosts</c>, ';'-separated, any port; "*.example.org" for subdomains), plus the public address's.</summary>
    public IReadOnlyList<string> AllowedHosts { get; }

    /// <summary>"*" among the allowed hosts: only acceptable with a public address, which start-up checks.</summary>
    public bool AdmitsAnyHost { get; }

    /// <summary>
    /// Whether the request's Host header (raw, as received: decoding a malformed "xn--" name throws)
    /// names a host this site serves.
    /// </summary>
    public bool Admits(HttpRequest request)
    {
        var host = request.Headers.Host.ToString();
        return host.Length > 0 && (AdmitsAnyHost || HostString.MatchesAny(host, _allowed));
    }

    /// <summary>The address for links made while serving <paramref name="request"/>.</summary>
    public string Of(HttpRequest request) =>
        Configured ?? (Admits(request) && !AdmitsAnyHost ? $"{request.Scheme}://{request.Headers.Host}" : LocalAddress);

    /// <summary>The address for links made outside a request.</summary>
    public string WithoutRequest => Configured ?? LocalAddress;

    /// <summary>Throws, in French, when this configuration would build links from an unchecked Host.</summary>
    public void EnsureLinksAreChecked()
    {
        if (Configured is null && AdmitsAnyHost)
        {
            throw new InvalidOperationException(
                "AllowedHosts accepte tout nom d'hôte (« * ») et Site:PublicUrl n'est pas défini : les liens des e-mails et des flux " +
                "reprendraient l'en-tête Host de n'importe quelle requête. Définissez Site:PublicUrl (par exemple https://contrevue.example) " +
                "ou listez les noms servis dans AllowedHosts.");
        }
    }

    private static string? ReadPublicUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new InvalidOperationException(
                $"Site:PublicUrl doit être l'adresse publique du site, absolue, en http ou https, sans « ? » ni « # », par exemple https://contrevue.example (reçu : « {value} »).");
        }
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }
}
