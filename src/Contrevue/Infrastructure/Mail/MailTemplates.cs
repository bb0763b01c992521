using System.Globalization;
using System.Text;

namespace Contrevue.Infrastructure.Mail;

/// <summary>
/// The French e-mails the platform sends, each as plain text and HTML from the same paragraphs.
/// Every value is HTML-encoded in the HTML part; nothing is loaded from another site.
/// </summary>
public static class MailTemplates
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static MailContent ConfigurationTest(DateTimeOffset sentAt, string smtpHost) => Compose(
        "Contrevue : test de configuration des courriels",
        "Test de configuration",
        [
            "Bonjour,",
            $"Ce message confirme que Contrevue peut envoyer des courriels par le serveur {smtpHost}.",
            $"Message demandé le {sentAt.UtcDateTime.ToString("d MMMM yyyy 'à' HH:mm", French)} (UTC) " +
            "avec la commande « Contrevue mail test ». Aucune action n'est nécessaire.",
        ]);

    /// <summary>The layout shared by every e-mail: a title, paragraphs of plain text, a signature.</summary>
    internal static MailContent Compose(string subject, string title, IReadOnlyList<string> paragraphs)
    {
        const string signature = "Contrevue — observatoire citoyen de la vidéosurveillance";
        const string automatic = "Ce message est envoyé automatiquement ; merci de ne pas y répondre.";

        var text = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }
        text.Append("-- \n").Append(signature).Append('\n').Append(automatic).Append('\n');

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(Encode(subject)).Append("</title></head>\n")
            .Append("<body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em;\">\n")
            .Append("<h1 style=\"font-size: 1.3em;\">").Append(Encode(title)).Append("</h1>\n");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>\n");
        }
        html.Append("<hr>\n<p style=\"font-size: 0.85em; color: #555;\">").Append(Encode(signature))
            .Append("<br>").Append(Encode(automatic)).Append("</p>\n</body>\n</html>\n");

        return new MailContent(subject, text.ToString(), html.ToString());
    }

    // Only what could open markup or end an attribute: the HTML is UTF-8, and French stays readable
    // in its source (WebUtility.HtmlEncode would turn every accented letter into an entity).
    private static string Encode(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);
}
