using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Contrevue.Features.Newsletter;

/// <summary>
/// The e-mailed links, signed with the Data Protection keys so that nobody needs an account and
/// nothing secret is stored: the confirmation (valid <see cref="ConfirmationLifetime"/>), the
/// preferences page and the one-click unsubscribe (valid as long as the subscriber exists: an old
/// issue's link must still unsubscribe). Absolute from <c>Site:PublicUrl</c>, never from a request.
/// </summary>
public sealed class NewsletterLinks(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromDays(7);

    /// <summary>Longer than any token this class makes; a longer one is refused before it is decrypted.</summary>
    public const int MaxTokenLength = 400;

    private readonly IDataProtector _confirmation = protection.CreateProtector("Contrevue.Newsletter.Confirmation.v1");
    private readonly IDataProtector _subscriber = protection.CreateProtector("Contrevue.Newsletter.Subscriber.v1");

    /// <summary>A confirmation token: the subscriber and the instant it was issued.</summary>
    public string ConfirmationToken(int subscriberId) =>
        _confirmation.Protect(string.Create(CultureInfo.InvariantCulture, $"{subscriberId}:{time.GetUtcNow().ToUnixTimeSeconds()}"));

    /// <summary>The subscriber a confirmation token names, if it is genuine and less than seven days old.</summary>
    public int? ReadConfirmationToken(string? token)
    {
        if (Unprotect(_confirmation, token)?.Split(':') is not [var id, var issued]
            || !int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var subscriberId)
            || !long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age >= TimeSpan.Zero && age <= ConfirmationLifetime ? subscriberId : null;
    }

    /// <summary>The token of a subscriber's preferences and unsubscribe links.</summary>
    public string SubscriberToken(int subscriberId) =>
        _subscriber.Protect(subscriberId.ToString(CultureInfo.InvariantCulture));

    public int? ReadSubscriberToken(string? token) =>
        int.TryParse(Unprotect(_subscriber, token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string ConfirmationUrl(string siteUrl, string token) => $"{siteUrl}/lettre/confirmer?jeton={Uri.EscapeDataString(token)}";

    public static string PreferencesUrl(string siteUrl, string token) => $"{siteUrl}/lettre/preferences?jeton={Uri.EscapeDataString(token)}";

    /// <summary>
    /// The <c>List-Unsubscribe</c> address (RFC 8058): a GET shows a button and changes nothing (link
    /// scanners follow links); a POST of <c>List-Unsubscribe=One-Click</c> unsubscribes, without cookie.
    /// The mailing id counts the issue's « unsubscribed ».
    /// </summary>
    public static string UnsubscribeUrl(string siteUrl, string token, int? mailingId) =>
        $"{siteUrl}/lettre/desinscription?jeton={Uri.EscapeDataString(token)}" +
        (mailingId is { } id ? string.Create(CultureInfo.InvariantCulture, $"&envoi={id}") : "");

    private static string? Unprotect(IDataProtector protector, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }
        try
        {
            return protector.Unprotect(token);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
