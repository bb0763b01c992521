namespace Contrevue.Features.Observatoire.Pages;

/// <summary>
/// What one can do about an alert, with the letter's template and its deadlines one click away. The
/// templates and the calculator are the procedures' public pages (<c>/procedures/modeles</c>, <c>/delais</c>).
/// </summary>
public static class FlagActions
{
    /// <summary>One thing to do: who it is for, what it does, and the template and deadlines that serve it.</summary>
    public sealed record Action(string Text, string TemplateLabel, string TemplateCode, string? DeadlineLabel, string? DeadlineProcedure);

    /// <summary>The alerts raised, each with what one can do about it (most useful first).</summary>
    public sealed record Model(DossierFlag Flags, string? DossierPath);

    public static IReadOnlyList<Action> For(DossierFlag flag) => flag switch
    {
        DossierFlag.VideoVerbalisationWithoutAuthorization =>
        [
            new("Vous avez reçu une amende grâce à ces caméras ? Contestez-la : requête en exonération dans les 45 jours qui suivent l'envoi de l'avis.",
                "Modèle de requête en exonération", "contravention-contest", "Calculer les 45 jours", "contravention-contest"),
            new("Amende majorée déjà reçue : réclamation dans les trois mois.",
                "Modèle de réclamation", "fine-claim", "Calculer les trois mois", "fine-claim"),
            new("Demander au maire l'arrêt de la vidéoverbalisation (recours gracieux, dans les deux mois qui suivent la publication de la décision).",
                "Modèle de recours gracieux", "administrative-appeal", "Calculer les délais du recours", "decision"),
        ],
        DossierFlag.AuthorizationExpired =>
        [
            new("Demander à la préfecture l'arrêté qui autoriserait encore ces caméras : une demande de documents administratifs, puis la CADA sans réponse sous un mois.",
                "Modèle de demande de documents", "cada-request", "Calculer les délais CADA", "cada-request"),
            new("Signaler à la CNIL un traitement d'images sans autorisation en cours.",
                "Brouillon de plainte à la CNIL", "cnil-complaint", null, null),
        ],
        DossierFlag.VsaOutsideExperimentation =>
        [
            new("Demander les documents qui fonderaient ce traitement (délibération, marché, analyse d'impact).",
                "Modèle de demande de documents", "cada-request", "Calculer les délais CADA", "cada-request"),
            new("Contester la décision qui l'a mis en place : recours gracieux ou tribunal, dans les deux mois qui suivent sa publication.",
                "Modèle de recours gracieux", "administrative-appeal", "Calculer les délais du recours", "decision"),
            new("Signaler à la CNIL une vidéosurveillance algorithmique hors du cadre légal.",
                "Brouillon de plainte à la CNIL", "cnil-complaint", null, null),
        ],
        _ => [],
    };

    /// <summary>The template's address; the dossier's page goes with it as the proof to attach.</summary>
    public static string TemplateUrl(Action action, string? dossierPath) =>
        $"/procedures/modeles?modele={action.TemplateCode}"
        + (dossierPath is null ? "" : "&preuve=" + Uri.EscapeDataString(dossierPath))
        + "#modele";

    public static string DeadlineUrl(Action action) => $"/delais?procedure={action.DeadlineProcedure}";
}
