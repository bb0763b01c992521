namespace Contrevue.Features.Moderation;

/// <summary>
/// The site's public address for links in e-mails: <c>Site:PublicUrl</c> when set (recommended
/// behind a proxy), else the scheme and host of the request being served.
/// </summary>
public sealed class SiteAddress(IConfiguration configuration)
{
    public string Of(HttpRequest request)
    {
        var configured = configuration["Site:PublicUrl"];
        return string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.TrimEnd('/');
    }
}
