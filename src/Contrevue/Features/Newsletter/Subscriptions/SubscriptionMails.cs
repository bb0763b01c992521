using Contrevue.Infrastructure.Mail;

namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>The one e-mail an unconfirmed address ever receives.</summary>
public static class SubscriptionMails
{
    public const string ConfirmationSubject = "Contrevue : confirmez votre abonnement à la lettre d'information";

    public static MailContent Confirmation(IReadOnlyList<string> listNames, string confirmationUrl, int validDays) => MailTemplates.Compose(
        ConfirmationSubject,
        "Confirmez votre abonnement",
        [
            "Bonjour,",
            $"Quelqu'un, sans doute vous, a demandé à recevoir la lettre d'information de Contrevue contre la vidéosurveillance algorithmique : {string.Join(", ", listNames)}.",
            "Pour confirmer, ouvrez ce lien puis appuyez sur le bouton de la page :",
            confirmationUrl,
            $"Le lien est valable {validDays} jours. Sans confirmation, vous ne recevrez rien d'autre. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : nous n'écrirons pas plus d'une fois par jour à cette adresse.",
        ]);
}
