using Contrevue.Infrastructure.Files;
using Contrevue.Features.Territories;

namespace Contrevue.Features.Observatoire;

/// <summary>One surveillance project of one authority, with the proof of each fact in its sources.</summary>
public sealed class Dossier
{
    public int Id { get; set; }
    /// <summary>Made from the title, for readable addresses; not unique (pages are found by id).</summary>
    public required string Slug { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, sanitised when rendered.</summary>
    public string Summary { get; set; } = "";

    public AuthorityKind AuthorityKind { get; set; }
    /// <summary>INSEE code, SIREN of the EPCI, or code of the département or région; null for <see cref="AuthorityKind.Other"/>.</summary>
    public string? AuthorityCode { get; set; }
    public required string AuthorityName { get; set; }

    /// <summary>
    /// The territory whose page lists the dossier: the authority's own, or for another public body the
    /// territory it was placed in (optional). Commune, département and région are denormalised from it
    /// so that filters and statistics stay single-table queries.
    /// </summary>
    public TerritoryKind? TerritoryKind { get; set; }
    public string? TerritoryCode { get; set; }
    public string? CommuneCode { get; set; }
    public string? EpciSiren { get; set; }
    public string? DepartementCode { get; set; }
    public string? RegionCode { get; set; }

    public Technology Technologies { get; set; }
    public DossierStatus Status { get; set; }
    public DateOnly? StatusSince { get; set; }
    public int? CameraCount { get; set; }
    public long? BudgetEur { get; set; }

    public string? AuthorizationNumber { get; set; }
    public DateOnly? AuthorizationIssuedOn { get; set; }
    /// <summary>Five years after issue (CSI art. L252-4); stored so that the expiry flag can be filtered in SQL.</summary>
    public DateOnly? AuthorizationExpiresOn { get; set; }
    public bool AuthorizationCoversVideoVerbalisation { get; set; }
    public string? AuthorizationPurposes { get; set; }

    /// <summary>Part of the experimentation of the 2023 Olympic Games law (décret 2023-828).</summary>
    public bool JoExperimentation { get; set; }
    /// <summary>Event codes of the décret, or free text, one per line.</summary>
    public string ExperimentationEvents { get; set; } = "";

    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>Hidden after enough reports, until a moderator decides.</summary>
    public bool IsHidden { get; set; }
    public DateTime? HiddenAt { get; set; }
    /// <summary>Made by <c>demo generate</c>: shown as fictional everywhere.</summary>
    public bool IsFictional { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>
    /// Raised by every write: an edit made from an older version (a form left open, a PUT with a stale
    /// If-Match, the loser of two simultaneous saves) is refused rather than silently overwriting.
    /// </summary>
    public int Version { get; set; }

    public List<DossierStatusChange> StatusChanges { get; set; } = [];
    public List<DossierFunding> Fundings { get; set; } = [];
    public List<DossierVendor> Vendors { get; set; } = [];
    public List<Source> Sources { get; set; } = [];

    public string CanonicalPath => $"/observatoire/dossiers/{Id}-{Slug}";

    public IReadOnlyList<string> ExperimentationEventList =>
        ExperimentationEvents.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One step of the dossier's lifecycle: the timeline.</summary>
public sealed class DossierStatusChange
{
    public int Id { get; set; }
    public int DossierId { get; set; }
    public DossierStatus Status { get; set; }
    public DateOnly On { get; set; }
    public string? Note { get; set; }
}

public sealed class DossierFunding
{
    public int Id { get; set; }
    public int DossierId { get; set; }
    public FunderKind Kind { get; set; }
    public string? Name { get; set; }
    public long? AmountEur { get; set; }
}

public sealed class DossierVendor
{
    public int DossierId { get; set; }
    public int VendorId { get; set; }
    public Vendor? Vendor { get; set; }
    public string? Product { get; set; }
}

/// <summary>A document that proves facts of a dossier: a web page, an uploaded file, or both.</summary>
public sealed class Source
{
    public int Id { get; set; }
    public int DossierId { get; set; }
    public SourceKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Publisher { get; set; }
    public DateOnly? PublishedOn { get; set; }
    public string? Url { get; set; }
    /// <summary>The uploaded file, by the SHA-256 of its stored bytes (see <see cref="StoredFile"/>).</summary>
    public string? FileSha256 { get; set; }
    /// <summary>A copy of <see cref="Url"/> taken by the server, when snapshots are enabled.</summary>
    public string? SnapshotSha256 { get; set; }
    public DateOnly? RetrievedOn { get; set; }
    public Confidence Confidence { get; set; }
    /// <summary>The facts this source proves; <see cref="DossierFact.None"/> means the whole dossier.</summary>
    public DossierFact Supports { get; set; }
    public bool IsHidden { get; set; }
    public DateTime? HiddenAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A company (or any organisation of the vendor graph) that sells or operates surveillance.</summary>
public sealed class Vendor
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>The name in <see cref="Contrevue.Infrastructure.Text.SearchText"/> form: one vendor per name whatever its spelling.</summary>
    public required string MatchName { get; set; }
    public string? ParentCompany { get; set; }
    public string? Country { get; set; }
    public string? Website { get; set; }
    /// <summary>Product names, one per line.</summary>
    public string Products { get; set; } = "";
    public string? Description { get; set; }
    public bool IsFictional { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string CanonicalPath => $"/observatoire/fournisseurs/{Slug}";

    public IReadOnlyList<string> ProductList =>
        Products.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// One edge of the vendor graph ("ACME est fourni par UGAP", "ACME a pour client ville de X"), kept with
/// its relation words as they were written and its source. Either end may be a vendor or a commune;
/// an end that could not be matched without guessing waits for review.
/// </summary>
public sealed class VendorRelation
{
    public int Id { get; set; }
    public required string SubjectName { get; set; }
    public int? SubjectVendorId { get; set; }
    public string? SubjectCommuneCode { get; set; }
    public required string Kind { get; set; }
    public required string ObjectName { get; set; }
    public int? ObjectVendorId { get; set; }
    public string? ObjectCommuneCode { get; set; }
    public string? SourceUrl { get; set; }
    /// <summary>SHA-256 of the normalised edge: importing the same line twice changes nothing.</summary>
    public required string Fingerprint { get; set; }
    public bool NeedsReview { get; set; }
    /// <summary>Why it waits: the candidate communes of an ambiguous name, for instance.</summary>
    public string? ReviewNote { get; set; }
    public DateTime ImportedAt { get; set; }
}

public enum ReportTargetKind
{
    Dossier = 0,
    Source = 1,
}

public enum ReportStatus
{
    Pending = 0,
    /// <summary>The moderator agreed: the dossier or source stays hidden.</summary>
    Upheld = 1,
    /// <summary>The moderator restored what was reported.</summary>
    Dismissed = 2,
}

/// <summary>A report from anyone that a dossier or source is false, personal, defamatory… No author is kept.</summary>
public sealed class Report
{
    public int Id { get; set; }
    public ReportTargetKind TargetKind { get; set; }
    public int TargetId { get; set; }
    public ReportReason Reason { get; set; }
    public string? Comment { get; set; }
    public DateTime CreatedAt { get; set; }
    public ReportStatus Status { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    /// <summary>
    /// Keyed hash of the client that sent it (<see cref="Infrastructure.Abuse.ClientHasher"/>), never its
    /// address; erased once its window has passed.
    /// </summary>
    public string? ClientHash { get; set; }
}
