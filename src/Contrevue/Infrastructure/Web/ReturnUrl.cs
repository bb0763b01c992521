using System.Text;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// The one rule for an address a visitor gives us to go back to (<c>retour</c> after a language
/// switch or a sign-in): only a path of this site, else the fallback. Browsers strip tabs and line
/// feeds and read "\" as "/", so "/\t/evil.example" or "/\evil.example" would leave the site; a
/// control character in a Location header makes the server fail.
/// </summary>
public static class ReturnUrl
{
    /// <summary>Longer than any path of the site with its query.</summary>
    public const int MaxLength = 2048;

    /// <summary>
    /// <paramref name="url"/> when it starts with a single "/" not followed by "/" or "\" and holds no
    /// control or white-space character; letters beyond ASCII are percent-encoded (a header is ASCII).
    /// Anything else gives <paramref name="fallback"/>.
    /// </summary>
    public static string Local(string? url, string fallback = "/")
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return fallback;
        }
        var local = new StringBuilder(url.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            // A lone surrogate comes out as the replacement character.
            if (Rune.IsControl(rune) || Rune.IsWhiteSpace(rune) || rune == Rune.ReplacementChar)
            {
                return fallback;
            }
            if (rune.IsAscii)
            {
                local.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                local.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return local.ToString();
    }
}
