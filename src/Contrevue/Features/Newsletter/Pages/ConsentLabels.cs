namespace Contrevue.Features.Newsletter.Pages;

/// <summary>The consent log's steps and methods in French (the pages translate them).</summary>
public static class ConsentLabels
{
    public static string Action(ConsentAction action) => action switch
    {
        ConsentAction.Requested => "Demande d'abonnement",
        ConsentAction.Confirmed => "Confirmation",
        ConsentAction.Changed => "Modification",
        ConsentAction.Imported => "Import par un organisateur",
        _ => "Désabonnement",
    };

    public static string Method(string method) => method switch
    {
        "form" => "formulaire du site",
        "api" => "API",
        "import" => "import d'un fichier",
        "preferences" => "page de préférences",
        "one-click" => "lien de désabonnement en un clic",
        "mailto" => "e-mail de désabonnement",
        "bounce" => "adresse en échec",
        "complaint" => "signalement comme indésirable",
        _ => method,
    };
}
