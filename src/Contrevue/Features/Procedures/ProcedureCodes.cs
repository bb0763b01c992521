namespace Contrevue.Features.Procedures;

/// <summary>Stable English codes of procedures, their events and statuses, with their French labels.</summary>
public static class ProcedureCodes
{
    public const string CadaRequest = "cada-request";
    public const string CadaExplicitRefusal = "cada-explicit-refusal";
    public const string CadaReferral = "cada-referral";
    public const string AdministrativeAppeal = "administrative-appeal";
    public const string Decision = "decision";
    public const string CnilComplaint = "cnil-complaint";
    public const string ContraventionContest = "contravention-contest";
    public const string FineClaim = "fine-claim";

    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        [CadaRequest] = "Demande de communication de documents administratifs",
        [CadaExplicitRefusal] = "Refus explicite de communiquer",
        [CadaReferral] = "Saisine de la CADA",
        [AdministrativeAppeal] = "Recours gracieux ou hiérarchique",
        [Decision] = "Recours contre une décision (tribunal administratif)",
        [CnilComplaint] = "Plainte auprès de la CNIL",
        [ContraventionContest] = "Contestation d'un avis de contravention (requête en exonération)",
        [FineClaim] = "Réclamation contre une amende forfaitaire majorée",
    };

    public static readonly IReadOnlyDictionary<string, string> EventKinds = new Dictionary<string, string>
    {
        ["sent"] = "Envoyée",
        ["received"] = "Reçue par l'administration (accusé de réception)",
        ["answered"] = "Réponse reçue",
        ["refused"] = "Refus reçu",
        ["registered"] = "Enregistrée par la CADA",
        ["opinion"] = "Avis de la CADA",
        ["filed"] = "Déposée au tribunal",
        ["other"] = "Autre",
    };

    public static readonly IReadOnlyDictionary<ProcedureStatus, string> StatusLabels = new Dictionary<ProcedureStatus, string>
    {
        [ProcedureStatus.Draft] = "En préparation",
        [ProcedureStatus.Running] = "En cours",
        [ProcedureStatus.Answered] = "Réponse reçue",
        [ProcedureStatus.Continued] = "Poursuivie",
        [ProcedureStatus.Closed] = "Close",
    };

    public static readonly IReadOnlyDictionary<ProcedureStatus, string> StatusCodes = new Dictionary<ProcedureStatus, string>
    {
        [ProcedureStatus.Draft] = "draft",
        [ProcedureStatus.Running] = "running",
        [ProcedureStatus.Answered] = "answered",
        [ProcedureStatus.Continued] = "continued",
        [ProcedureStatus.Closed] = "closed",
    };

    /// <summary>
    /// What a procedure may continue into, in the order of the usual path (no answer → CADA referral → court):
    /// a CADA request or an explicit refusal go to the CADA (CRPA art. L342-1; the referral is the required
    /// step before the court), the CADA referral and a recours gracieux go to the administrative court.
    /// A court decision, a CNIL complaint and the contests of a fine have no next step here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> NextKinds = new Dictionary<string, string[]>
    {
        [CadaRequest] = [CadaReferral],
        [CadaExplicitRefusal] = [CadaReferral],
        [CadaReferral] = [Decision],
        [AdministrativeAppeal] = [Decision],
        [Decision] = [],
        [CnilComplaint] = [],
        // The officer of the public prosecutor decides; what follows (the police court) is not followed here.
        [ContraventionContest] = [],
        [FineClaim] = [],
    };

    public static string KindLabel(string kind) => Kinds.TryGetValue(kind, out var label) ? label : kind;

    public static string EventLabel(string kind) => EventKinds.TryGetValue(kind, out var label) ? label : kind;

    public static bool TryParseStatus(string? code, out ProcedureStatus status)
    {
        foreach (var (value, name) in StatusCodes)
        {
            if (string.Equals(name, code, StringComparison.OrdinalIgnoreCase))
            {
                status = value;
                return true;
            }
        }
        status = default;
        return false;
    }
}
