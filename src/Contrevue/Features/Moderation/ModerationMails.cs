using Contrevue.Infrastructure.Mail;

namespace Contrevue.Features.Moderation;

/// <summary>The e-mails a contributor who left an address receives.</summary>
public static class ModerationMails
{
    public static MailContent Confirmation(string territoryName, string confirmationUrl) => MailTemplates.Compose(
        $"Contrevue : confirmez votre proposition pour {territoryName}",
        "Confirmez votre proposition",
        [
            "Bonjour,",
            $"Vous avez proposé une information pour {territoryName} sur Contrevue (un contact, une source, une réponse de la collectivité…). Pour qu'elle soit examinée par l'équipe de modération, confirmez-la en ouvrant ce lien :",
            confirmationUrl,
            "Si vous n'êtes pas à l'origine de cette proposition, ignorez ce message : sans confirmation, elle ne sera jamais publiée.",
            "Votre adresse ne sert qu'à cette proposition : elle n'est jamais publiée et sera effacée après la décision.",
        ]);

    public static MailContent Outcome(string territoryName, int proposalId, bool approved, string? reason) => MailTemplates.Compose(
        approved
            ? $"Contrevue : votre proposition pour {territoryName} est publiée"
            : $"Contrevue : votre proposition pour {territoryName} n'a pas été retenue",
        approved ? "Proposition publiée" : "Proposition non retenue",
        approved
            ?
            [
                "Bonjour,",
                $"Merci : votre proposition n° {proposalId} pour {territoryName} a été vérifiée et publiée (éventuellement après correction).",
                "Votre adresse va maintenant être effacée de nos données.",
            ]
            :
            [
                "Bonjour,",
                $"Votre proposition n° {proposalId} pour {territoryName} n'a pas été retenue par l'équipe de modération.",
                $"Raison donnée : {reason}",
                "Votre adresse va maintenant être effacée de nos données. Merci pour votre aide.",
            ]);
}
