using System.Globalization;
using System.Net;
using MimeKit;

namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>What one recipient's copy of a mailing is made of, read from the database by the sender.</summary>
internal sealed record MailingContent(int Id, string Subject, string? HtmlBody, string? TextBody, string Lists, DateTime CreatedAt, DateTime? SendAt);

/// <summary>
/// One recipient's copy of a mailing: the mailing's rendered HTML and text, then a footer with their own
/// preferences and unsubscribe links; the list headers mailbox providers act on (RFC 2369, 2919, 8058);
/// a Message-ID that is the same at every attempt.
/// </summary>
internal static class NewsletterMessage
{
    public static MimeMessage Build(
        MailingContent mailing, int subscriberId, string email, string listCode, string subscriberToken,
        string siteUrl, MailboxAddress from, string? unsubscribeAddress)
    {
        var preferences = NewsletterLinks.PreferencesUrl(siteUrl, subscriberToken);
        var unsubscribe = NewsletterLinks.UnsubscribeUrl(siteUrl, subscriberToken, mailing.Id);
        var listName = ListDescription(listCode);
        var message = new MimeMessage
        {
            Subject = mailing.Subject,
            MessageId = NewsletterMessageIds.For(mailing.Id, subscriberId, mailing.CreatedAt, from.Domain),
            Date = new DateTimeOffset(DateTime.SpecifyKind(mailing.SendAt ?? mailing.CreatedAt, DateTimeKind.Utc)),
            Body = new BodyBuilder
            {
                TextBody = (mailing.TextBody ?? "").TrimEnd() + TextFooter(listName, preferences, unsubscribe),
                HtmlBody = WithHtmlFooter(mailing.HtmlBody ?? "", listName, preferences, unsubscribe),
            }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress("", email));
        message.Headers.Add("List-Id", $"{listName} <{ListId(listCode, from.Domain)}>");
        var mailto = string.IsNullOrWhiteSpace(unsubscribeAddress) ? ""
            : $", <mailto:{unsubscribeAddress.Trim()}?subject=desinscription%20{Uri.EscapeDataString(subscriberToken)}>";
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>{mailto}");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("Precedence", "bulk");
        message.Headers.Add("Content-Language", "fr");
        return message;
    }

    /// <summary>RFC 2919: the list code with dots, under the sender's domain (<c>departement.42.contrevue.example</c>).</summary>
    public static string ListId(string listCode, string domain) =>
        $"{listCode.Replace(':', '.').ToLowerInvariant()}.{domain}";

    public static string ListDescription(string listCode) =>
        NewsletterList.TryParse(listCode, out var list)
            ? list.Kind switch
            {
                NewsletterListKind.National => "Lettre d'info nationale de Contrevue",
                NewsletterListKind.Departement => string.Create(CultureInfo.InvariantCulture, $"Lettre d'info du département {list.DepartementCode}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"Lettre d'info du collectif n° {list.CollectiveId}"),
            }
            : "Lettre d'info de Contrevue";

    private static string TextFooter(string listName, string preferences, string unsubscribe) =>
        $"""


        --
        Vous recevez ce message parce que vous êtes abonné·e à : {listName}.
        Choisir vos listes et vos thèmes : {preferences}
        Vous désabonner : {unsubscribe}

        """;

    private static string WithHtmlFooter(string html, string listName, string preferences, string unsubscribe)
    {
        var footer = $"""
            <hr>
            <p style="font-size:0.875em;color:#555">Vous recevez ce message parce que vous êtes abonné·e à : {WebUtility.HtmlEncode(listName)}.<br>
            <a href="{WebUtility.HtmlEncode(preferences)}">Choisir vos listes et vos thèmes</a> · <a href="{WebUtility.HtmlEncode(unsubscribe)}">Vous désabonner</a></p>
            """;
        // Where the rendering left room for it, inside the message's column; else before </body>.
        var marker = html.IndexOf(Mailings.MailingRendering.FooterMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            return html[..marker] + footer + html[(marker + Mailings.MailingRendering.FooterMarker.Length)..];
        }
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return end >= 0 ? html[..end] + footer + html[end..] : html + footer;
    }
}
