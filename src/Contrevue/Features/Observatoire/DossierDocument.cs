namespace Contrevue.Features.Observatoire;

/// <summary>
/// A dossier as the API returns it and as moderators send it back (POST/PUT take the same shape;
/// <c>id</c>, <c>slug</c>, <c>flags</c> and <c>expiresOn</c> are computed and ignored on input).
/// Dates travel as "yyyy-MM-dd" strings so that a wrong date gets a French message, not a binding error.
/// </summary>
public sealed record DossierDocument
{
    public int Id { get; init; }
    public string? Slug { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public AuthorityDocument? Authority { get; init; }
    /// <summary>Where an authority of kind "other" works (a territory reference), optional.</summary>
    public string? Territory { get; init; }
    public List<string>? Technologies { get; init; }
    public List<VendorReference>? Vendors { get; init; }
    public string? Status { get; init; }
    public string? StatusSince { get; init; }
    public List<StatusChangeDocument>? Timeline { get; init; }
    public int? CameraCount { get; init; }
    public long? BudgetEur { get; init; }
    public List<FundingDocument>? Funders { get; init; }
    public AuthorizationDocument? Authorization { get; init; }
    public ExperimentationDocument? Experimentation { get; init; }
    public LocationDocument? Location { get; init; }
    public List<string>? Flags { get; init; }
    public List<SourceDocument>? Sources { get; init; }
    public bool Hidden { get; init; }
    public bool Fictional { get; init; }
    public string? UpdatedAt { get; init; }
}

public sealed record AuthorityDocument(string? Kind, string? Code, string? Name);

public sealed record VendorReference(string? Slug, string? Name, string? Product = null);

public sealed record StatusChangeDocument(string? Status, string? On, string? Note = null);

public sealed record FundingDocument(string? Kind, string? Name, long? AmountEur);

public sealed record AuthorizationDocument(string? Number, string? IssuedOn, string? ExpiresOn, bool CoversVideoVerbalisation, string? Purposes = null);

/// <summary>JO-law experimentation (décret 2023-828): the events detected, codes of the décret or free text.</summary>
public sealed record ExperimentationDocument(List<string>? Events);

public sealed record LocationDocument(double? Latitude, double? Longitude);

public sealed record SourceDocument
{
    public int? Id { get; init; }
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? Publisher { get; init; }
    public string? Url { get; init; }
    public string? PublishedOn { get; init; }
    public string? Sha256 { get; init; }
    public string? SnapshotSha256 { get; init; }
    public string? RetrievedOn { get; init; }
    public string? Confidence { get; init; }
    /// <summary>The facts this source proves; empty: the whole dossier.</summary>
    public List<string>? Facts { get; init; }
    public bool Hidden { get; init; }
}
