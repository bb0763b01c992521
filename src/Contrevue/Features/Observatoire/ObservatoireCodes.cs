using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Observatoire;

/// <summary>Technologies of a dossier; several may apply, so they are stored as one bit set.</summary>
[Flags]
public enum Technology
{
    None = 0,
    Vsa = 1 << 0,
    FacialRecognition = 1 << 1,
    Drones = 1 << 2,
    Alpr = 1 << 3,
    SoundSensors = 1 << 4,
    ThermalCameras = 1 << 5,
    TalkingCameras = 1 << 6,
    VideoVerbalisation = 1 << 7,
    SupervisionCentre = 1 << 8,
    PredictivePolicing = 1 << 9,
    Cctv = 1 << 10,
}

public enum DossierStatus
{
    Announced = 0,
    Funded = 1,
    Awarded = 2,
    Deployed = 3,
    Experimented = 4,
    Suspended = 5,
    Abandoned = 6,
    Annulled = 7,
}

/// <summary>Who runs the project. <see cref="Other"/> is any other public body (a transport operator…), named freely.</summary>
public enum AuthorityKind
{
    Commune = 0,
    Epci = 1,
    Departement = 2,
    Region = 3,
    Other = 4,
}

public enum FunderKind
{
    State = 0,
    Region = 1,
    Departement = 2,
    Commune = 3,
    Other = 4,
}

public enum SourceKind
{
    Article = 0,
    Deliberation = 1,
    PublicContract = 2,
    PrefectoralOrder = 3,
    CadaDocument = 4,
    CourtDecision = 5,
    Report = 6,
    OfficialStatement = 7,
    Other = 8,
}

public enum Confidence
{
    Established = 0,
    Probable = 1,
    ToVerify = 2,
}

/// <summary>Problems computed from a dossier's data (never entered by hand).</summary>
[Flags]
public enum DossierFlag
{
    None = 0,
    AuthorizationExpired = 1 << 0,
    VideoVerbalisationWithoutAuthorization = 1 << 1,
    VsaOutsideExperimentation = 1 << 2,
}

public enum ReportReason
{
    False = 0,
    PersonalData = 1,
    Defamatory = 2,
    Other = 3,
}

/// <summary>The facts of a dossier a source can support ("every fact links to at least one source").</summary>
[Flags]
public enum DossierFact
{
    None = 0,
    Summary = 1 << 0,
    Technologies = 1 << 1,
    Vendors = 1 << 2,
    Status = 1 << 3,
    CameraCount = 1 << 4,
    Budget = 1 << 5,
    Authorization = 1 << 6,
    Experimentation = 1 << 7,
    Location = 1 << 8,
}

/// <summary>
/// The stable English codes the API and the CSV use for every enumeration, and their French labels
/// for the pages. One table per enumeration, so a reader sees code and label side by side (read with
/// the <see cref="CodeTable"/> extensions).
/// </summary>
public static class ObservatoireCodes
{
    public static readonly IReadOnlyList<CodeTable.Entry<Technology>> Technologies =
    [
        new(Technology.Vsa, "vsa", "Vidéosurveillance algorithmique (VSA)"),
        new(Technology.FacialRecognition, "facial-recognition", "Reconnaissance faciale"),
        new(Technology.Drones, "drones", "Drones"),
        new(Technology.Alpr, "alpr", "Lecture automatisée de plaques (LAPI)"),
        new(Technology.SoundSensors, "sound-sensors", "Capteurs sonores"),
        new(Technology.ThermalCameras, "thermal-cameras", "Caméras thermiques"),
        new(Technology.TalkingCameras, "talking-cameras", "Caméras parlantes"),
        new(Technology.VideoVerbalisation, "video-verbalisation", "Vidéoverbalisation"),
        new(Technology.SupervisionCentre, "supervision-centre", "CSU / hyperviseur"),
        new(Technology.PredictivePolicing, "predictive-policing", "Police prédictive"),
        new(Technology.Cctv, "cctv", "Vidéoprotection classique"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<DossierStatus>> Statuses =
    [
        new(DossierStatus.Announced, "announced", "Annoncé"),
        new(DossierStatus.Funded, "funded", "Voté / financé"),
        new(DossierStatus.Awarded, "awarded", "Marché attribué"),
        new(DossierStatus.Deployed, "deployed", "Déployé"),
        new(DossierStatus.Experimented, "experimented", "Expérimenté"),
        new(DossierStatus.Suspended, "suspended", "Suspendu"),
        new(DossierStatus.Abandoned, "abandoned", "Abandonné"),
        new(DossierStatus.Annulled, "annulled", "Annulé par la justice"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<AuthorityKind>> AuthorityKinds =
    [
        new(AuthorityKind.Commune, "commune", "Commune"),
        new(AuthorityKind.Epci, "epci", "Intercommunalité (EPCI)"),
        new(AuthorityKind.Departement, "departement", "Département"),
        new(AuthorityKind.Region, "region", "Région"),
        new(AuthorityKind.Other, "other", "Autre organisme public"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<FunderKind>> FunderKinds =
    [
        new(FunderKind.State, "state", "État (FIPD)"),
        new(FunderKind.Region, "region", "Région"),
        new(FunderKind.Departement, "departement", "Département"),
        new(FunderKind.Commune, "commune", "Commune"),
        new(FunderKind.Other, "other", "Autre financeur"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<SourceKind>> SourceKinds =
    [
        new(SourceKind.Article, "article", "Article"),
        new(SourceKind.Deliberation, "deliberation", "Délibération"),
        new(SourceKind.PublicContract, "public-contract", "Marché public"),
        new(SourceKind.PrefectoralOrder, "prefectoral-order", "Arrêté préfectoral"),
        new(SourceKind.CadaDocument, "cada-document", "Document obtenu par demande CADA"),
        new(SourceKind.CourtDecision, "court-decision", "Décision de justice"),
        new(SourceKind.Report, "report", "Rapport"),
        new(SourceKind.OfficialStatement, "official-statement", "Communication officielle"),
        new(SourceKind.Other, "other", "Autre"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<Confidence>> Confidences =
    [
        new(Confidence.Established, "established", "Établi"),
        new(Confidence.Probable, "probable", "Probable"),
        new(Confidence.ToVerify, "to-verify", "À vérifier"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<DossierFlag>> Flags =
    [
        new(DossierFlag.AuthorizationExpired, "authorization-expired", "Autorisation préfectorale expirée"),
        new(DossierFlag.VideoVerbalisationWithoutAuthorization, "video-verbalisation-without-authorization", "Vidéoverbalisation sans autorisation connue qui la couvre"),
        new(DossierFlag.VsaOutsideExperimentation, "vsa-outside-experimentation", "VSA hors du cadre de l'expérimentation"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<ReportReason>> ReportReasons =
    [
        new(ReportReason.False, "false", "Information fausse"),
        new(ReportReason.PersonalData, "personal-data", "Données personnelles"),
        new(ReportReason.Defamatory, "defamatory", "Contenu diffamatoire"),
        new(ReportReason.Other, "other", "Autre raison"),
    ];

    public static readonly IReadOnlyList<CodeTable.Entry<DossierFact>> Facts =
    [
        new(DossierFact.Summary, "summary", "Résumé"),
        new(DossierFact.Technologies, "technologies", "Technologies"),
        new(DossierFact.Vendors, "vendors", "Fournisseurs"),
        new(DossierFact.Status, "status", "Statut"),
        new(DossierFact.CameraCount, "camera-count", "Nombre de caméras"),
        new(DossierFact.Budget, "budget", "Budget et financements"),
        new(DossierFact.Authorization, "authorization", "Autorisation préfectorale"),
        new(DossierFact.Experimentation, "experimentation", "Expérimentation JO"),
        new(DossierFact.Location, "location", "Localisation"),
    ];

    /// <summary>
    /// The events décret 2023-828 (art. 3) lets experimental VSA detect; free ones may be added beside them.
    /// </summary>
    public static readonly IReadOnlyList<(string Code, string Label)> ExperimentationEvents =
    [
        ("abandoned-object", "Présence d'objets abandonnés"),
        ("weapon", "Présence ou utilisation d'armes"),
        ("wrong-way", "Non-respect du sens de circulation par un véhicule ou une personne"),
        ("restricted-zone", "Franchissement ou présence dans une zone interdite ou sensible"),
        ("person-on-ground", "Présence d'une personne au sol à la suite d'une chute"),
        ("crowd-movement", "Mouvement de foule"),
        ("crowd-density", "Densité trop importante de personnes"),
        ("fire", "Départs de feux"),
    ];

    public static string ExperimentationEventLabel(string code) =>
        ExperimentationEvents.FirstOrDefault(e => e.Code == code).Label ?? code;
}
