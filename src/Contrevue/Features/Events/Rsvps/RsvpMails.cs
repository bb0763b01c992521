using Contrevue.Infrastructure.Mail;

namespace Contrevue.Features.Events.Rsvps;

/// <summary>The e-mails a participant receives. The online link is only ever in <see cref="Welcome"/>.</summary>
public static class RsvpMails
{
    public static MailContent Confirmation(string title, string when, string confirmationUrl) => MailTemplates.Compose(
        $"Contrevue : confirmez votre participation à « {title} »",
        "Confirmez votre participation",
        [
            "Bonjour,",
            $"Vous avez demandé à participer à « {title} » ({when}). Pour confirmer, ouvrez ce lien puis appuyez sur le bouton de la page :",
            confirmationUrl,
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : sans confirmation, rien n'est enregistré à votre nom.",
            "Votre adresse n'est vue que des organisateurs et sera effacée après le rendez-vous.",
        ]);

    public static MailContent AwaitingApproval(string title) => MailTemplates.Compose(
        $"Contrevue : demande de participation à « {title} » reçue",
        "Demande reçue",
        [
            "Bonjour,",
            $"Votre participation à « {title} » est confirmée de votre côté. Les organisateurs valident chaque participation : vous recevrez un autre message quand ils l'auront validée.",
        ]);

    /// <param name="onlineUrl">The meeting link, for an online event; never sent before the participation is confirmed (and approved, if asked).</param>
    public static MailContent Welcome(string title, string when, string? place, string? onlineUrl, string pageUrl) => MailTemplates.Compose(
        $"Contrevue : votre participation à « {title} »",
        "Participation confirmée",
        [
            "Bonjour,",
            $"Votre participation à « {title} » ({when}) est enregistrée.",
            .. place is null ? Array.Empty<string>() : [$"Lieu : {place}"],
            .. onlineUrl is null ? Array.Empty<string>() : [$"Lien de connexion (ne le transmettez pas) : {onlineUrl}"],
            $"Le rendez-vous : {pageUrl}",
        ]);

    public static MailContent Changed(string title, string pageUrl) => MailTemplates.Compose(
        $"Contrevue : « {title} » a changé",
        "Rendez-vous modifié",
        [
            "Bonjour,",
            $"Les organisateurs ont modifié « {title} », auquel vous participez. Vérifiez la date, l'heure et le lieu :",
            pageUrl,
        ]);

    public static MailContent Cancelled(string title, string pageUrl) => MailTemplates.Compose(
        $"Contrevue : « {title} » est annulé",
        "Rendez-vous annulé",
        [
            "Bonjour,",
            $"Les organisateurs ont annulé « {title} », auquel vous deviez participer.",
            pageUrl,
        ]);

    public static MailContent Reminder(string title, string when, string? onlineUrl, string pageUrl) => MailTemplates.Compose(
        $"Contrevue : rappel, « {title} » demain",
        "Rappel",
        [
            "Bonjour,",
            $"Rappel : « {title} », {when}.",
            .. onlineUrl is null ? Array.Empty<string>() : [$"Lien de connexion (ne le transmettez pas) : {onlineUrl}"],
            pageUrl,
        ]);
}
