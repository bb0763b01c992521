using Contrevue.Infrastructure.Security;
using System.Globalization;
using Contrevue.Infrastructure.Mail;

namespace Contrevue.Features.Accounts;

public static class AccountMails
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string RoleInFrench(string role) => role switch
    {
        Roles.Admin => "administratrice ou administrateur",
        Roles.Moderator => "modératrice ou modérateur",
        _ => "membre",
    };

    public static MailContent Invitation(string role, string? collectiveName, string acceptUrl, DateTime expiresAt) => MailTemplates.Compose(
        collectiveName is null ? "Contrevue : invitation à créer votre compte" : $"Contrevue : invitation à rejoindre {collectiveName}",
        "Invitation",
        [
            "Bonjour,",
            collectiveName is null
                ? $"Vous êtes invité·e à créer un compte sur Contrevue, en tant que {RoleInFrench(role)}."
                : $"Vous êtes invité·e à rejoindre le collectif {collectiveName} sur Contrevue, en tant que {RoleInFrench(role)}.",
            "Pour accepter, ouvrez ce lien et choisissez votre mot de passe :",
            acceptUrl,
            $"Le lien est valable jusqu'au {expiresAt.ToString("d MMMM yyyy 'à' HH:mm", French)} (UTC) et ne sert qu'une fois.",
            "Si vous ne vous attendiez pas à ce message, ignorez-le : aucun compte ne sera créé.",
        ]);

    public static MailContent InvitationToExistingAccount(string collectiveName) => MailTemplates.Compose(
        $"Contrevue : invitation à rejoindre {collectiveName}",
        "Invitation",
        [
            "Bonjour,",
            $"Un membre du collectif {collectiveName} vous a invité·e à le rejoindre sur Contrevue. Vous y avez déjà un compte, avec cette adresse : aucun autre n'a été créé.",
            "Pour être ajouté·e au collectif avec votre compte, dites-le aux membres du collectif ou à l'administration du site.",
            "Si vous ne vous attendiez pas à ce message, ignorez-le.",
        ]);

    public static MailContent PasswordReset(string resetUrl) => MailTemplates.Compose(
        "Contrevue : choisir un nouveau mot de passe",
        "Nouveau mot de passe",
        [
            "Bonjour,",
            "Une demande de nouveau mot de passe a été faite pour votre compte Contrevue. Pour en choisir un, ouvrez ce lien :",
            resetUrl,
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.",
        ]);
}
