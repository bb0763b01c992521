using System.Text;

namespace Contrevue.Features.Veille;

/// <summary>
/// The canonical form of an article's address, so that the same article shared from a newsletter, a social
/// network or a feed is recognised: http(s) only, host in lower case (IDN as punycode, no final dot), default
/// port dropped, no user name nor fragment, and the tracking parameters of analytics and mailing tools
/// removed (the other parameters kept in their order: some sites need them to name the page).
/// </summary>
public static class ArticleUrl
{
    public const int MaxLength = 2_000;

    /// <summary>Parameters only analytics, ad and mailing tools read; compared without case.</summary>
    private static readonly HashSet<string> TrackingNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "mc_cid", "mc_eid", "igshid", "igsh", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking",
        "_ga", "_gl", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid",
        "xtor", "xts", "ns_source", "ns_mchannel", "ns_campaign", "ns_linkname", "ns_fee", "ref_src", "ref_url", "cmpid", "sr_share",
    };

    /// <summary>Prefixes of whole families: Google's <c>utm_*</c>, AT Internet/Piano's <c>at_*</c> (French press), Matomo's <c>pk_*</c> and <c>mtm_*</c>.</summary>
    private static readonly string[] TrackingPrefixes = ["utm_", "at_", "pk_", "mtm_", "matomo_", "ga_"];

    /// <summary>Whether a query parameter's name is a tracker's (its name compared decoded and without case).</summary>
    public static bool IsTracking(string name)
    {
        var decoded = Uri.UnescapeDataString(name.Replace('+', ' '));
        return TrackingNames.Contains(decoded) || TrackingPrefixes.Any(p => decoded.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads an address given for an article: its canonical form, or the French reason it is refused.</summary>
    public static bool TryCanonicalize(string? given, out string canonical, out string? error)
    {
        canonical = "";
        error = null;
        var text = given?.Trim() ?? "";
        if (text.Length == 0)
        {
            error = "L'adresse de l'article est obligatoire.";
            return false;
        }
        if (text.Length > MaxLength)
        {
            error = $"L'adresse de l'article tient en {MaxLength} caractères au plus.";
            return false;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = "L'adresse de l'article est une adresse web complète en http ou https : https://www.exemple.fr/article.";
            return false;
        }
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0 || uri.HostNameType is UriHostNameType.Unknown || (uri.HostNameType == UriHostNameType.Dns && !host.Contains('.')))
        {
            error = "L'adresse de l'article nomme un site public : https://www.exemple.fr/article.";
            return false;
        }
        var builder = new StringBuilder(text.Length);
        builder.Append(uri.Scheme).Append("://");
        builder.Append(uri.HostNameType == UriHostNameType.IPv6 ? $"[{host.Trim('[', ']')}]" : host);
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }
        builder.Append(uri.AbsolutePath);
        var kept = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(part => !IsTracking(part.Split('=', 2)[0]))
            .ToList();
        if (kept.Count > 0)
        {
            builder.Append('?').AppendJoin('&', kept);
        }
        canonical = builder.ToString();
        if (canonical.Length > MaxLength)
        {
            error = $"L'adresse de l'article tient en {MaxLength} caractères au plus.";
            return false;
        }
        return true;
    }

    /// <summary>The canonical form of a valid address, or null.</summary>
    public static string? Canonicalize(string? given) => TryCanonicalize(given, out var canonical, out _) ? canonical : null;
}
