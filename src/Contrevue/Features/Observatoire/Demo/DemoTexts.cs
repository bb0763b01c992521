namespace Contrevue.Features.Observatoire.Demo;

/// <summary>
/// The words fictional dossiers are made of. Every name is visibly invented ("Démo", "fictif") and
/// every address is under <c>exemple.invalid</c>, a domain that can never exist (RFC 2606).
/// </summary>
internal static class DemoTexts
{
    public const string TitlePrefix = "[Fictif] ";
    public const string SummaryLead = "Dossier fictif généré pour démonstration : ni ce projet ni ses sources n'existent.";
    public const string UrlRoot = "https://exemple.invalid";

    /// <summary>How often each technology comes up, roughly as in the real observatories.</summary>
    public static readonly (Technology Technology, int Weight)[] Technologies =
    [
        (Technology.Cctv, 30),
        (Technology.Vsa, 20),
        (Technology.VideoVerbalisation, 12),
        (Technology.SupervisionCentre, 10),
        (Technology.Alpr, 8),
        (Technology.Drones, 6),
        (Technology.SoundSensors, 4),
        (Technology.ThermalCameras, 3),
        (Technology.TalkingCameras, 3),
        (Technology.FacialRecognition, 2),
        (Technology.PredictivePolicing, 2),
    ];

    /// <summary>Final statuses and the path that usually leads there; a dossier keeps the last 1 to 4 steps.</summary>
    public static readonly (DossierStatus Status, int Weight, DossierStatus[] Path)[] Statuses =
    [
        (DossierStatus.Announced, 12, [DossierStatus.Announced]),
        (DossierStatus.Funded, 12, [DossierStatus.Announced, DossierStatus.Funded]),
        (DossierStatus.Awarded, 10, [DossierStatus.Announced, DossierStatus.Funded, DossierStatus.Awarded]),
        (DossierStatus.Deployed, 35, [DossierStatus.Announced, DossierStatus.Funded, DossierStatus.Awarded, DossierStatus.Deployed]),
        (DossierStatus.Experimented, 10, [DossierStatus.Announced, DossierStatus.Funded, DossierStatus.Awarded, DossierStatus.Experimented]),
        (DossierStatus.Suspended, 6, [DossierStatus.Funded, DossierStatus.Awarded, DossierStatus.Deployed, DossierStatus.Suspended]),
        (DossierStatus.Abandoned, 10, [DossierStatus.Announced, DossierStatus.Funded, DossierStatus.Abandoned]),
        (DossierStatus.Annulled, 5, [DossierStatus.Funded, DossierStatus.Awarded, DossierStatus.Deployed, DossierStatus.Annulled]),
    ];

    public static readonly (SourceKind Kind, int Weight)[] SourceKinds =
    [
        (SourceKind.Article, 35),
        (SourceKind.Deliberation, 20),
        (SourceKind.PublicContract, 10),
        (SourceKind.PrefectoralOrder, 10),
        (SourceKind.OfficialStatement, 10),
        (SourceKind.CadaDocument, 5),
        (SourceKind.Report, 5),
        (SourceKind.CourtDecision, 3),
        (SourceKind.Other, 2),
    ];

    public static readonly (Confidence Confidence, int Weight)[] Confidences =
    [
        (Confidence.Established, 50),
        (Confidence.Probable, 35),
        (Confidence.ToVerify, 15),
    ];

    /// <summary>Title patterns per technology; {0} is "à Lyon", {1} "de Lyon".</summary>
    public static string[] TitlesOf(Technology technology) => technology switch
    {
        Technology.Vsa => ["Vidéosurveillance algorithmique {0}", "Logiciel d'analyse automatique des images {0}", "Caméras « intelligentes » {0}"],
        Technology.FacialRecognition => ["Reconnaissance faciale {0}", "Essai de reconnaissance faciale {0}"],
        Technology.Drones => ["Drones de surveillance {0}", "Drones de la police municipale {1}"],
        Technology.Alpr => ["Lecture automatisée des plaques {0}", "Caméras LAPI aux entrées {1}"],
        Technology.SoundSensors => ["Capteurs sonores dans les rues {1}", "Micros détecteurs de « bruits anormaux » {0}"],
        Technology.ThermalCameras => ["Caméras thermiques {0}"],
        Technology.TalkingCameras => ["Caméras parlantes {0}"],
        Technology.VideoVerbalisation => ["Vidéoverbalisation {0}", "Vidéoverbalisation du stationnement {0}"],
        Technology.SupervisionCentre => ["Centre de supervision urbain {1}", "Hyperviseur urbain {1}"],
        Technology.PredictivePolicing => ["Police prédictive {0}", "Logiciel de police prédictive {0}"],
        _ => ["Extension de la vidéoprotection {0}", "Vidéoprotection du centre-ville {1}", "Nouvelles caméras de vidéoprotection {0}"],
    };

    /// <summary>What the authority announces, to complete "La commune de X annonce …".</summary>
    public static string ProjectOf(Technology technology) => technology switch
    {
        Technology.Vsa => "un dispositif de vidéosurveillance algorithmique qui analyse automatiquement les images des caméras",
        Technology.FacialRecognition => "l'essai d'un système de reconnaissance faciale",
        Technology.Drones => "l'emploi de drones équipés de caméras par la police municipale",
        Technology.Alpr => "des caméras de lecture automatisée des plaques d'immatriculation",
        Technology.SoundSensors => "des capteurs sonores censés détecter cris, tirs et bris de vitre",
        Technology.ThermalCameras => "des caméras thermiques",
        Technology.TalkingCameras => "des caméras équipées de haut-parleurs qui interpellent les passants",
        Technology.VideoVerbalisation => "la vidéoverbalisation des infractions au code de la route",
        Technology.SupervisionCentre => "un centre de supervision urbain qui centralise les images",
        Technology.PredictivePolicing => "un logiciel de police prédictive",
        _ => "l'extension de son réseau de vidéoprotection",
    };

    public static string StatusSentence(DossierStatus status, string date) => status switch
    {
        DossierStatus.Announced => $"Le projet, annoncé le {date}, n'a pas encore été voté.",
        DossierStatus.Funded => $"Le conseil municipal en a voté le financement le {date}.",
        DossierStatus.Awarded => $"Le marché a été attribué le {date} ; le déploiement n'a pas commencé.",
        DossierStatus.Deployed => $"Le dispositif est en service depuis le {date}.",
        DossierStatus.Experimented => $"Une expérimentation a commencé le {date}.",
        DossierStatus.Suspended => $"Le projet est suspendu depuis le {date}.",
        DossierStatus.Abandoned => $"La commune y a renoncé le {date}.",
        _ => $"Le tribunal administratif a annulé la délibération le {date}.",
    };

    public static string? NoteOf(DossierStatus status) => status switch
    {
        DossierStatus.Announced => "Annonce en conférence de presse",
        DossierStatus.Funded => "Délibération du conseil municipal",
        DossierStatus.Awarded => "Attribution du marché après appel d'offres",
        DossierStatus.Deployed => "Mise en service",
        DossierStatus.Suspended => "Suspension à la suite d'un recours",
        DossierStatus.Annulled => "Jugement du tribunal administratif",
        _ => null,
    };

    public static readonly string[] Newspapers =
    [
        "La Gazette fictive", "Le Quotidien de démonstration", "L'Écho inventé", "Radio Exemple",
        "Le Journal imaginaire", "Info Démo", "Le Courrier fictif", "Les Nouvelles d'exemple",
    ];

    public static readonly string[] ArticleTitles =
    [
        "{C} : {t} en débat au conseil municipal",
        "{C} mise sur {t}",
        "Les opposants {d} dénoncent {t}",
        "{t} : ce que prévoit la mairie {d}",
        "Sécurité : {t} arrive {a}",
    ];

    public static readonly string[] AuthorizationPurposes =
    [
        "Protection des bâtiments et installations publics et de leurs abords",
        "Régulation des flux de transport",
        "Constatation des infractions aux règles de la circulation",
        "Prévention des atteintes à la sécurité des personnes et des biens",
        "Prévention d'actes de terrorisme",
        "Prévention du trafic de stupéfiants",
    ];

    private static readonly string[] VendorStems =
    [
        "Vigilo", "Optiscan", "Panoptik", "Sentinelle", "Argus", "Vigie", "Oculus", "Cerbère", "Lynx", "Hibou",
        "Faucon", "Regard", "Veille", "Périscope", "Horizon", "Prisme", "Balise", "Radar", "Sirius", "Cyclope",
    ];

    private static readonly string[] VendorForms =
    [
        "{0} Démo SAS", "{0} Systèmes (fictif)", "{0} Analytics Démo", "{0} Sécurité Fictive", "Groupe {0} Démo",
        "{0} Vision Démo SARL", "{0} Technologies Fictives", "{0} Urbain Démo", "{0} Drones Démo", "{0} Data Démo SA",
    ];

    /// <summary>The 200 fictional vendors: the same names whatever the seed, so that later runs reuse them.</summary>
    public static IEnumerable<(string Name, string[] Products)> Vendors()
    {
        foreach (var stem in VendorStems)
        {
            for (var i = 0; i < VendorForms.Length; i++)
            {
                yield return (string.Format(VendorForms[i], stem), [$"{stem} Analyse", $"{stem} Suite {i + 1}000", $"{stem} Mobile"]);
            }
        }
    }

    /// <summary>"à Lyon", "au Havre", "aux Lilas", "à La Rochelle".</summary>
    public static string At(string name) => name switch
    {
        _ when name.StartsWith("Le ", StringComparison.Ordinal) => "au " + name[3..],
        _ when name.StartsWith("Les ", StringComparison.Ordinal) => "aux " + name[4..],
        _ => "à " + name,
    };

    /// <summary>"de Lyon", "du Havre", "des Lilas", "d'Amiens".</summary>
    public static string Of(string name) => name switch
    {
        _ when name.StartsWith("Le ", StringComparison.Ordinal) => "du " + name[3..],
        _ when name.StartsWith("Les ", StringComparison.Ordinal) => "des " + name[4..],
        _ when name.Length > 0 && "AEIOUYÉÈÊÂÎÔ".Contains(char.ToUpperInvariant(name[0])) => "d'" + name,
        _ => "de " + name,
    };
}
