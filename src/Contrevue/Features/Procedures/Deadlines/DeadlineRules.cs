namespace Contrevue.Features.Procedures.Deadlines;

/// <summary>What a step's date means, and so whether it may be moved to the next working day.</summary>
public enum DeadlineStepType
{
    /// <summary>The birth of an implicit decision: it never moves, even on a Sunday.</summary>
    ImplicitDecision,
    /// <summary>The last day to act: moved to the next working day (CPC art. 642, or CPP art. 801 for criminal procedure).</summary>
    LastDayToAct,
    /// <summary>A date by which an answer is expected: indicative, never moved.</summary>
    Expected,
}

/// <summary>A kind of procedure: its stable code, French label, and what its start date is.</summary>
public sealed record DeadlineProcedure(string Code, string Label, string StartLabel);

/// <summary>
/// One step of a procedure: <paramref name="From"/> is null for the start date, otherwise the key of
/// an earlier step of the same procedure, whose date the step counts from; the delay is
/// <paramref name="Months"/> months, or <paramref name="Days"/> days when given. <paramref name="MoveBasis"/>
/// is the article that moves a last day to act falling on a non-working day: CPC art. 642 for the
/// administrative procedures, CPP art. 801 for fines (criminal procedure).
/// </summary>
public sealed record DeadlineRule(
    string Procedure,
    string Key,
    string Label,
    string? From,
    int Months,
    bool Franc,
    DeadlineStepType Type,
    string LegalBasis,
    int Days = 0,
    string MoveBasis = DeadlineRules.CivilMove);

/// <summary>
/// The law as data: a change of law is a change of these tables, not of
/// <see cref="DeadlineCalculator"/>.
/// </summary>
public static class DeadlineRules
{
    public const string CadaRequest = "cada-request";
    public const string CadaExplicitRefusal = "cada-explicit-refusal";
    public const string CadaReferral = "cada-referral";
    public const string AdministrativeAppeal = "administrative-appeal";
    public const string Decision = "decision";
    public const string CnilComplaint = "cnil-complaint";
    public const string ContraventionContest = "contravention-contest";
    public const string FineClaim = "fine-claim";

    public const string CivilMove = "CPC art. 642";
    public const string CriminalMove = "CPP art. 801";

    public static IReadOnlyList<DeadlineProcedure> Procedures { get; } =
    [
        new(CadaRequest, "Demande de communication de documents administratifs", "Réception de la demande par l'administration"),
        new(CadaExplicitRefusal, "Refus explicite de communication", "Réception du refus"),
        new(CadaReferral, "Saisine de la CADA", "Enregistrement de la saisine par la CADA"),
        new(AdministrativeAppeal, "Recours gracieux", "Réception du recours par l'administration"),
        new(Decision, "Décision administrative contestée", "Notification ou publication de la décision"),
        new(CnilComplaint, "Plainte auprès de la CNIL", "Dépôt de la plainte"),
        new(ContraventionContest, "Contestation d'un avis de contravention (requête en exonération)", "Envoi de l'avis de contravention"),
        new(FineClaim, "Réclamation contre une amende forfaitaire majorée", "Envoi de l'avis d'amende forfaitaire majorée"),
    ];

    public static IReadOnlyList<DeadlineRule> Rules { get; } =
    [
        new(CadaRequest, "implicit-refusal", "Refus implicite de communication", null, 1, false,
            DeadlineStepType.ImplicitDecision, "CRPA art. R311-13"),
        new(CadaRequest, "cada-referral-deadline", "Dernier jour pour saisir la CADA", "implicit-refusal", 2, false,
            DeadlineStepType.LastDayToAct, "CRPA art. R343-1 ; CPC art. 641 et 642"),

        new(CadaExplicitRefusal, "cada-referral-deadline", "Dernier jour pour saisir la CADA", null, 2, false,
            DeadlineStepType.LastDayToAct, "CRPA art. R343-1 ; CPC art. 641 et 642"),

        new(CadaReferral, "cada-opinion-expected", "Avis de la CADA attendu", null, 1, false,
            DeadlineStepType.Expected, "CRPA art. R343-3"),
        new(CadaReferral, "implicit-confirmation", "Confirmation implicite du refus", null, 2, false,
            DeadlineStepType.ImplicitDecision, "CRPA art. R343-5"),
        new(CadaReferral, "court-deadline", "Dernier jour pour saisir le tribunal administratif", "implicit-confirmation", 2, true,
            DeadlineStepType.LastDayToAct, "CJA art. R421-1 et R421-2 ; CPC art. 641 et 642"),

        new(AdministrativeAppeal, "implicit-rejection", "Rejet implicite du recours gracieux", null, 2, false,
            DeadlineStepType.ImplicitDecision, "CRPA art. L231-4 ; CJA art. R421-2"),
        new(AdministrativeAppeal, "court-deadline", "Dernier jour pour saisir le tribunal administratif", "implicit-rejection", 2, true,
            DeadlineStepType.LastDayToAct, "CJA art. R421-1 et R421-2 ; CRPA art. L411-2 ; CPC art. 641 et 642"),

        new(Decision, "appeal-deadline", "Dernier jour pour un recours gracieux ou pour saisir le tribunal", null, 2, true,
            DeadlineStepType.LastDayToAct, "CJA art. R421-1 ; CRPA art. L411-2 ; CPC art. 641 et 642"),

        new(CnilComplaint, "cnil-answer-expected", "Réponse de la CNIL attendue", null, 3, false,
            DeadlineStepType.Expected, "RGPD art. 77 et 78 § 2"),

        // Counted from the sending of the notice (the date printed on it), not from its receipt.
        new(ContraventionContest, "exemption-request-deadline", "Dernier jour pour envoyer la requête en exonération", null, 0, false,
            DeadlineStepType.LastDayToAct, "CPP art. 529-1 et 529-2 ; CPP art. 801", Days: 45, MoveBasis: CriminalMove),

        new(FineClaim, "claim-deadline", "Dernier jour pour envoyer la réclamation", null, 3, false,
            DeadlineStepType.LastDayToAct, "CPP art. 530 ; CPP art. 801", MoveBasis: CriminalMove),
    ];

    public static DeadlineProcedure? FindProcedure(string? code) =>
        Procedures.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.Ordinal));

    public static IEnumerable<DeadlineRule> StepsOf(string procedure) => Rules.Where(r => r.Procedure == procedure);

    /// <summary>The stable code of a step type, as the API writes it.</summary>
    public static string Code(this DeadlineStepType type) => type switch
    {
        DeadlineStepType.ImplicitDecision => "implicit-decision",
        DeadlineStepType.LastDayToAct => "last-day-to-act",
        _ => "expected",
    };

    public static string Label(this DeadlineStepType type) => type switch
    {
        DeadlineStepType.ImplicitDecision => "Décision implicite",
        DeadlineStepType.LastDayToAct => "Dernier jour pour agir",
        _ => "Date attendue",
    };
}
