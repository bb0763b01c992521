namespace Contrevue.Features.Procedures.Templates;

/// <summary>
/// What a procedure letter needs, for every template (each uses its part). Dates are strings
/// (AAAA-MM-JJ or JJ/MM/AAAA) so that a malformed one gets a French message, not a binding error.
/// </summary>
public sealed record ProcedureLetterInput
{
    public string? Template { get; init; }
    public string? Format { get; init; }

    /// <summary>The collective (or person) who writes.</summary>
    public string? SenderName { get; init; }
    /// <summary>"individual", "several" or "collective" (<see cref="Infrastructure.Documents.SenderVoice"/>): « je » or « nous ». The fines' letters are always one person's.</summary>
    public string? SenderKind { get; init; }
    public string? SenderAddress { get; init; }
    public string? SenderEmail { get; init; }
    /// <summary>The place the letter is written from ("À Lyon, le …").</summary>
    public string? SenderCity { get; init; }
    public bool Registered { get; init; }

    /// <summary>The administration asked, or whose decision is contested, or the data controller.</summary>
    public string? AuthorityName { get; init; }
    public string? AuthorityAddress { get; init; }
    /// <summary>The commune or territory the cameras are in ("Saint-Étienne"), optional.</summary>
    public string? Place { get; init; }

    /// <summary>Checklist codes (<see cref="ProcedureLetters.Checklist"/>); null means all of them.</summary>
    public IReadOnlyList<string>? Documents { get; init; }
    /// <summary>Further documents, one a line.</summary>
    public string? OtherDocuments { get; init; }

    /// <summary>The CADA request's date (referral).</summary>
    public string? RequestDate { get; init; }
    /// <summary>The explicit refusal's date (referral); none for an implicit refusal.</summary>
    public string? RefusalDate { get; init; }

    /// <summary>The decision contested ("l'arrêté municipal n° 2026-41 relatif à la vidéoverbalisation").</summary>
    public string? DecisionTitle { get; init; }
    public string? DecisionDate { get; init; }
    /// <summary>The prefectoral order authorising the cameras, if known ("l'arrêté préfectoral du 3 mars 2022").</summary>
    public string? PrefectoralOrder { get; init; }

    /// <summary>The number printed on the notice of contravention or of increased fine (fines' templates).</summary>
    public string? NoticeNumber { get; init; }
    /// <summary>The date the notice was sent (printed on it): the fines' deadlines count from it.</summary>
    public string? NoticeDate { get; init; }
    /// <summary>Where the missing authorisation is documented, for instance the dossier's page on Contrevue (http or https).</summary>
    public string? EvidenceUrl { get; init; }

    /// <summary>The processing complained about (CNIL).</summary>
    public string? Processing { get; init; }

    /// <summary>The facts, in the sender's words.</summary>
    public string? Paragraph { get; init; }
    /// <summary>Attachments beyond those the template lists, one a line.</summary>
    public string? Attachments { get; init; }
}
