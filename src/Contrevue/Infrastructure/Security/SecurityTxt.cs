using System.Globalization;
using Contrevue.Infrastructure.Web;

namespace Contrevue.Infrastructure.Security;

/// <summary>
/// <c>/.well-known/security.txt</c> (RFC 9116): where to report a vulnerability. The contact comes
/// from <c>Security:Contact</c> only — with none configured the file does not exist (404) rather than
/// point researchers at an address nobody reads. <c>Canonical</c> is given only from
/// <c>Site:PublicUrl</c>, never from the request.
/// </summary>
public static class SecurityTxt
{
    public const string Path = "/.well-known/security.txt";

    public static IEndpointRouteBuilder MapSecurityTxt(this IEndpointRouteBuilder endpoints)
    {
        // Read and checked at start: a mistyped contact stops the start instead of publishing nonsense.
        var contact = ReadContact(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()["Security:Contact"]);
        if (contact is not null)
        {
            endpoints.MapGet(Path, (HttpContext context, SiteAddress site, TimeProvider time) => Serve(context, contact, site, time))
                .ExcludeFromDescription();
        }
        return endpoints;
    }

    private static IResult Serve(HttpContext context, string contact, SiteAddress site, TimeProvider time)
    {
        // RFC 9116 §2.5.5 requires Expires, less than a year ahead. The contact is configuration, current
        // while the server runs, so the date rolls: a year from the start of today (UTC), the same
        // all day, hence a stable answer to cache.
        var today = time.GetUtcNow().UtcDateTime.Date;
        var expires = today.AddDays(365);
        var lines = new List<string>
        {
            $"Contact: {contact}",
            $"Expires: {expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
            "Preferred-Languages: fr, en",
        };
        if (site.Configured is { } publicUrl)
        {
            lines.Add($"Canonical: {publicUrl}{Path}");
        }
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.Text(string.Join("\n", lines) + "\n", "text/plain; charset=utf-8");
    }

    /// <summary>A mailto: or https: URI (RFC 9116 §2.5.3); a bare e-mail address becomes a mailto:. Null when not set.</summary>
    private static string? ReadContact(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (!trimmed.Contains(':', StringComparison.Ordinal) && trimmed.Contains('@', StringComparison.Ordinal))
        {
            trimmed = "mailto:" + trimmed;
        }
        if (trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            || !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("mailto" or "https")
            || (uri.Scheme == "mailto" && !trimmed.Contains('@', StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"Security:Contact doit être une adresse e-mail, une URI mailto: ou une adresse https:, par exemple mailto:securite@contrevue.example (reçu : « {value} »).");
        }
        return trimmed;
    }
}
