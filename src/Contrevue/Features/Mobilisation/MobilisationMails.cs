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

    /// <summary>The start of every invitation's subject: an earlier invitation to the same event is found by it in the outbox.</summary>
    public const string InvitationSubjectStart = "Contrevue : invitation à « ";

    /// <param name="pageUrl">The event's public page, whose form takes the participation: no address in the link.</param>
    /// <param name="online">Said without the link, which only confirmed participants receive.</param>
    public static MailContent EventInvitation(
        string title, string when, bool recurring, string? place, bool online, string? collectiveName, string pageUrl, string erasureUrl, int retentionDays) => MailTemplates.Compose(
        $"{InvitationSubjectStart}{title} »",
        "Une invitation",
        [
            "Bonjour,",
            $"Vous avez demandé à rejoindre la mobilisation contre la vidéosurveillance algorithmique. {(collectiveName is null ? "L'équipe de la campagne" : $"Le collectif « {collectiveName} »")} vous invite à « {title} ».",
            $"{(recurring ? "Prochaine date" : "Date")} : {when} (heure de Paris).",
            .. place is null ? Array.Empty<string>() : [$"Lieu : {place}"],
            .. online ? ["En ligne : le lien de connexion est envoyé aux participants confirmés."] : Array.Empty<string>(),
            "Pour participer, laissez votre adresse sur cette page (elle vous enverra un lien de confirmation) :",
            pageUrl,
            "Si cela ne vous intéresse pas, ignorez ce message : vous ne recevrez pas d'autre invitation à ce rendez-vous.",
            $"Votre inscription n'est jamais publiée ; elle est effacée au bout de {retentionDays} jours. Pour l'effacer tout de suite, à tout moment :",
            erasureUrl,
        ]);
}
