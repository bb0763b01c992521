using Contrevue.Infrastructure.Mail;

namespace Contrevue.Features.Mobilisation;

/// <summary>The e-mails of a sign-up: each carries the link that erases it at once.</summary>
public static class MobilisationMails
{
    public static MailContent Confirmation(string territoryName, string confirmationUrl, string erasureUrl, int unconfirmedDays, int retentionDays) => MailTemplates.Compose(
        "Contrevue : confirmez votre inscription à la mobilisation",
        "Confirmez votre inscription",
        [
            "Bonjour,",
            $"Vous avez demandé à rejoindre la mobilisation contre la vidéosurveillance algorithmique ({territoryName}). Pour que les collectifs de votre territoire puissent vous contacter, confirmez en ouvrant ce lien :",
            confirmationUrl,
            $"Sans confirmation, rien n'est gardé : l'inscription est effacée au bout de {unconfirmedDays} jours. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
            $"Votre inscription n'est jamais publiée ; seuls l'équipe de la campagne et les collectifs de votre territoire la voient. Elle est effacée au bout de {retentionDays} jours.",
            "Pour l'effacer tout de suite, à tout moment :",
            erasureUrl,
        ]);
}
