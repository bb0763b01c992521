namespace Contrevue.Infrastructure.Mail;

/// <summary>A rendered e-mail: its subject and the same text as plain text and as HTML.</summary>
public sealed record MailContent(string Subject, string TextBody, string HtmlBody);
