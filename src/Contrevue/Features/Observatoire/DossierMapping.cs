using Contrevue.Infrastructure.Text;
using System.Globalization;

namespace Contrevue.Features.Observatoire;

/// <summary>Entity to API document. The dossier must come with its vendors, sources, timeline and funders loaded.</summary>
public static class DossierMapping
{
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Iso(DateOnly? date) => date is { } d ? Iso(d) : null;

    public static DossierDocument AsDocument(this Dossier dossier, DossierFlag flags, bool includeHidden) => new()
    {
        Id = dossier.Id,
        Slug = dossier.Slug,
        Title = dossier.Title,
        Summary = dossier.Summary,
        Authority = new AuthorityDocument(ObservatoireCodes.AuthorityKinds.Code(dossier.AuthorityKind), dossier.AuthorityCode, dossier.AuthorityName),
        Territory = dossier.TerritoryKind is { } kind ? new Territories.TerritoryReference(kind, dossier.TerritoryCode!).ToString() : null,
        Technologies = ObservatoireCodes.Technologies.CodesOf(dossier.Technologies),
        Vendors = dossier.Vendors.OrderBy(v => v.Vendor?.Name, StringComparer.Ordinal)
            .Select(v => new VendorReference(v.Vendor?.Slug, v.Vendor?.Name, v.Product)).ToList(),
        Status = ObservatoireCodes.Statuses.Code(dossier.Status),
        StatusSince = Iso(dossier.StatusSince),
        Timeline = dossier.StatusChanges.OrderBy(s => s.On).ThenBy(s => s.Id)
            .Select(s => new StatusChangeDocument(ObservatoireCodes.Statuses.Code(s.Status), Iso(s.On), s.Note)).ToList(),
        CameraCount = dossier.CameraCount,
        BudgetEur = dossier.BudgetEur,
        Funders = dossier.Fundings.OrderBy(f => f.Id)
            .Select(f => new FundingDocument(ObservatoireCodes.FunderKinds.Code(f.Kind), f.Name, f.AmountEur)).ToList(),
        Authorization = dossier.AuthorizationIssuedOn is null && dossier.AuthorizationNumber is null
            ? null
            : new AuthorizationDocument(dossier.AuthorizationNumber, Iso(dossier.AuthorizationIssuedOn), Iso(dossier.AuthorizationExpiresOn),
                dossier.AuthorizationCoversVideoVerbalisation, dossier.AuthorizationPurposes),
        Experimentation = dossier.JoExperimentation ? new ExperimentationDocument([.. dossier.ExperimentationEventList]) : null,
        Location = dossier.Latitude is { } latitude && dossier.Longitude is { } longitude ? new LocationDocument(latitude, longitude) : null,
        Flags = ObservatoireCodes.Flags.CodesOf(flags),
        Sources = dossier.Sources.Where(s => includeHidden || !s.IsHidden).OrderBy(s => s.Id).Select(s => s.AsDocument()).ToList(),
        Hidden = dossier.IsHidden,
        Fictional = dossier.IsFictional,
        UpdatedAt = dossier.UpdatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    };

    public static SourceDocument AsDocument(this Source source) => new()
    {
        Id = source.Id,
        Kind = ObservatoireCodes.SourceKinds.Code(source.Kind),
        Title = source.Title,
        Publisher = source.Publisher,
        Url = source.Url,
        PublishedOn = Iso(source.PublishedOn),
        Sha256 = source.FileSha256,
        SnapshotSha256 = source.SnapshotSha256,
        RetrievedOn = Iso(source.RetrievedOn),
        Confidence = ObservatoireCodes.Confidences.Code(source.Confidence),
        Facts = ObservatoireCodes.Facts.CodesOf(source.Supports),
        Hidden = source.IsHidden,
    };
}
