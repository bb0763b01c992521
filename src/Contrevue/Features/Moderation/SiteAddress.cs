namespace Contrevue.Features.Moderation;

/// <summary>
/// The site's public address for links in e-mails: <c>Site:PublicUrl</c> when set (recommended
/// behind a proxy), else the scheme and host of the request being served.
/// </summary>
public sealed class SiteAddress(IConfiguration configuration)
{
    public string Of(HttpRequest request) => Configured ?? $"{request.Scheme}://{request.Host}";

    /// <summary><c>Site:PublicUrl</c>, for work done outside a request (follow-up e-mails); null when not set.</summary>
    public string? Configured => string.IsNullOrWhiteSpace(configuration["Site:PublicUrl"]) ? null : configuration["Site:PublicUrl"]!.TrimEnd('/');
}
