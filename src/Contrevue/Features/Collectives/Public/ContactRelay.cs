using Contrevue.Data;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Collectives.Public;

/// <summary>
/// A visitor's message to a listed collective, relayed by e-mail to each member with a confirmed address.
/// Nobody's address is shown to anyone: the members' stay unknown to the visitor, and the visitor's
/// reaches the members only when they ask for it. Once handed to the mail server, nothing of the message
/// is kept (<see cref="MailContent.ForgetBodyOnceSent"/>).
/// </summary>
public sealed class ContactRelay(ContrevueDbContext db, CollectiveDirectory directory, IMailOutbox outbox, IWindowCounter counter, TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public const int MaxMessageLength = 10_000;
    public const int MaxNameLength = 100;
    /// <summary>
    /// Messages one collective receives in an hour, whoever sends them: the per-client limit does not stop
    /// many clients from filling the members' mailboxes. Counted in every instance together.
    /// </summary>
    public const int MaxPerCollectivePerHour = 30;

    /// <summary>The key of <see cref="Dictionary{TKey, TValue}"/> errors saying the collective received too many messages this hour.</summary>
    public const string TooManyKey = "";

    public sealed record Message(string? Text, string? Name, string? Email, bool ShareAddress);

    /// <summary>The errors by field (empty when the message left), or null when the collective cannot be written to.</summary>
    public async Task<Dictionary<string, string>?> SendAsync(int collectiveId, Message message, CancellationToken cancellationToken)
    {
        var collective = await db.Set<Collective>().AsNoTracking().Where(c => c.Id == collectiveId && c.Listed)
            .Select(c => new { c.Name }).FirstOrDefaultAsync(cancellationToken);
        if (collective is null)
        {
            return null;
        }
        var recipients = await directory.MemberEmailsAsync(collectiveId, confirmedOnly: true, cancellationToken);
        if (recipients.Count == 0)
        {
            return null;
        }
        var errors = new Dictionary<string, string>();
        var body = message.Text?.Trim().ReplaceLineEndings("\n") ?? "";
        var name = message.Name?.Trim() ?? "";
        var email = message.Email?.Trim() ?? "";
        if (body.Length == 0)
        {
            errors["Text"] = text["Écrivez votre message."];
        }
        else if (body.Length > MaxMessageLength)
        {
            errors["Text"] = text["Le message ne peut pas dépasser {0} caractères.", MaxMessageLength];
        }
        if (name.Length > MaxNameLength)
        {
            errors["Name"] = text["Le nom ne peut pas dépasser {0} caractères.", MaxNameLength];
        }
        if (message.ShareAddress && email.Length == 0)
        {
            errors["Email"] = text["Indiquez votre adresse pour qu'elle soit transmise au collectif, ou décochez la case."];
        }
        else if (email.Length > 0 && !EmailAddresses.IsValid(email))
        {
            errors["Email"] = text["Cette adresse e-mail n'est pas valide."];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        if (await counter.TryAcquireAsync($"collective-contact:{collectiveId}", MaxPerCollectivePerHour, TimeSpan.FromHours(1), time, cancellationToken) is { } wait)
        {
            errors[TooManyKey] = text["Ce collectif a reçu beaucoup de messages dans l'heure : réessayez dans {0} minutes.", Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))];
            return errors;
        }
        var paragraphs = new List<string>
        {
            "Bonjour,",
            $"Quelqu'un vous écrit depuis la page publique de « {collective.Name} » sur Contrevue{(name.Length > 0 ? $" et signe « {name} »" : "")}. Voici son message :",
            body,
            message.ShareAddress
                ? $"Cette personne a demandé que son adresse vous soit transmise : {email}. Pour lui répondre, écrivez-lui à cette adresse (pas en répondant à ce courriel)."
                : "Cette personne n'a pas souhaité transmettre son adresse : vous ne pouvez pas lui répondre par ce message.",
            "Vos adresses ne lui ont pas été montrées. Contrevue ne garde aucune copie de ce message une fois envoyé.",
        };
        var content = MailTemplates.Compose($"Contrevue : un message pour {collective.Name}", "Un message pour votre collectif", paragraphs)
            with { ForgetBodyOnceSent = true };
        foreach (var recipient in recipients)
        {
            outbox.Enqueue(recipient, content);
        }
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }
}
