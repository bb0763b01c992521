using Contrevue.Data;
using MimeKit;

namespace Contrevue.Infrastructure.Mail;

public interface IMailOutbox
{
    /// <summary>
    /// Adds a message to the caller's <see cref="ContrevueDbContext"/> without saving: the caller's
    /// <c>SaveChangesAsync</c> (or transaction) commits it together with the change that caused it,
    /// so that no mail leaves for a change that was rolled back, and none is lost for one that was not.
    /// </summary>
    OutboxMessage Enqueue(string recipient, MailContent content);
}

internal sealed class MailOutbox(ContrevueDbContext db, TimeProvider time) : IMailOutbox
{
    public OutboxMessage Enqueue(string recipient, MailContent content)
    {
        if (!EmailAddresses.IsValid(recipient) || !MailboxAddress.TryParse(recipient, out var address))
        {
            throw new ArgumentException("Adresse électronique de destination invalide.", nameof(recipient));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Recipient = address.Address,
            Subject = content.Subject,
            TextBody = content.TextBody,
            HtmlBody = content.HtmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
            Status = OutboxStatus.Pending,
            ForgetBodyOnceSent = content.ForgetBodyOnceSent,
        };
        db.OutboxMessages.Add(message);
        return message;
    }
}
