namespace Contrevue.Infrastructure.Mail;

/// <summary>A rendered e-mail: its subject and the same text as plain text and as HTML.</summary>
public sealed record MailContent(string Subject, string TextBody, string HtmlBody)
{
    /// <summary>
    /// The body is someone's private words relayed (a visitor's message to a collective): once the
    /// message is handed to the mail server, the outbox keeps no copy of it.
    /// </summary>
    public bool ForgetBodyOnceSent { get; init; }
}
