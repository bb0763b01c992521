using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Contrevue.Data;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Vendors;

public sealed record VendorDossier(int Id, string Slug, string Title, AuthorityKind AuthorityKind, string? AuthorityCode, string AuthorityName,
    DossierStatus Status, string? Product)
{
    public string CanonicalPath => $"/observatoire/dossiers/{Id}-{Slug}";
}

public sealed record VendorCommune(string Code, string Name, string Slug)
{
    public string CanonicalPath => $"/communes/{Code}-{Slug}";
}

/// <summary>One end of a relation as written, and what it leads to when it was matched.</summary>
public sealed record RelationEnd(string Name, string? VendorSlug, VendorCommune? Commune, string? CommuneCode);

public sealed record RelationView(int Id, RelationEnd SubjectEnd, string Kind, RelationEnd ObjectEnd, string? Source, bool NeedsReview, string? ReviewNote)
{
    /// <summary>The source, when it is a web address a page may link to.</summary>
    public Uri? SourceLink => VendorQueries.WebLink(Source);
}

public sealed record VendorProfile(Vendor Vendor, IReadOnlyList<VendorDossier> Dossiers, IReadOnlyList<VendorCommune> Communes, IReadOnlyList<RelationView> Relations);

public sealed record VendorListItem(string Slug, string Name, bool IsFictional, int DossierCount, int RelationCount)
{
    public string CanonicalPath => $"/observatoire/fournisseurs/{Slug}";
}

public sealed record VendorListPage(IReadOnlyList<VendorListItem> Items, int Total, int Page, int PageCount);

/// <summary>What the vendor pages and the API read: a vendor, its clients and its relations.</summary>
public sealed class VendorQueries(ContrevueDbContext db)
{
    public const int PageSize = 100;
    public const int MaxSuggestions = 20;

    public async Task<VendorProfile?> ProfileAsync(string slug, CancellationToken cancellationToken)
    {
        var vendor = await db.Set<Vendor>().AsNoTracking().FirstOrDefaultAsync(v => v.Slug == slug, cancellationToken);
        if (vendor is null)
        {
            return null;
        }
        var dossiers = await db.Set<Dossier>().AsNoTracking()
            .Where(d => !d.IsHidden)
            .SelectMany(d => d.Vendors.Where(v => v.VendorId == vendor.Id), (d, v) => new VendorDossier(
                d.Id, d.Slug, d.Title, d.AuthorityKind, d.AuthorityCode, d.AuthorityName, d.Status, v.Product))
            .ToListAsync(cancellationToken);
        dossiers = [.. dossiers.OrderBy(d => d.Title, StringComparer.CurrentCulture).ThenBy(d => d.Id)];

        var relations = await RelationsAsync(db.Set<VendorRelation>().Where(r => r.SubjectVendorId == vendor.Id || r.ObjectVendorId == vendor.Id), cancellationToken);
        var communes = relations
            .SelectMany(r => new[] { r.SubjectEnd.Commune, r.ObjectEnd.Commune })
            .OfType<VendorCommune>()
            .DistinctBy(c => c.Code)
            .OrderBy(c => SearchText.Normalize(c.Name), StringComparer.Ordinal)
            .ToList();
        return new VendorProfile(vendor, dossiers, communes, relations);
    }

    /// <summary>Relations with both ends resolved to their pages; awaiting review last.</summary>
    public async Task<List<RelationView>> RelationsAsync(IQueryable<VendorRelation> query, CancellationToken cancellationToken)
    {
        var relations = await query.AsNoTracking().ToListAsync(cancellationToken);
        var vendorIds = relations.SelectMany(r => new[] { r.SubjectVendorId, r.ObjectVendorId }).OfType<int>().Distinct().ToList();
        var vendorSlugs = await db.Set<Vendor>().AsNoTracking().Where(v => vendorIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => v.Slug, cancellationToken);
        var communeCodes = relations.SelectMany(r => new[] { r.SubjectCommuneCode, r.ObjectCommuneCode }).OfType<string>().Distinct().ToList();
        var communes = await db.Set<Commune>().AsNoTracking().Where(c => communeCodes.Contains(c.Code))
            .ToDictionaryAsync(c => c.Code, c => new VendorCommune(c.Code, c.Name, c.Slug), cancellationToken);

        RelationEnd End(string name, int? vendorId, string? communeCode) => new(
            name,
            vendorId is { } id ? vendorSlugs.GetValueOrDefault(id) : null,
            communeCode is null ? null : communes.GetValueOrDefault(communeCode),
            communeCode);

        return [.. relations
            .Select(r => new RelationView(r.Id, End(r.SubjectName, r.SubjectVendorId, r.SubjectCommuneCode), r.Kind,
                End(r.ObjectName, r.ObjectVendorId, r.ObjectCommuneCode), r.SourceUrl, r.NeedsReview, r.ReviewNote))
            .OrderBy(r => r.NeedsReview)
            .ThenBy(r => SearchText.Normalize(r.Kind), StringComparer.Ordinal)
            .ThenBy(r => SearchText.Normalize(r.SubjectEnd.Name), StringComparer.Ordinal)
            .ThenBy(r => SearchText.Normalize(r.ObjectEnd.Name), StringComparer.Ordinal)
            .ThenBy(r => r.Id)];
    }

    public async Task<VendorListPage> ListAsync(int page, CancellationToken cancellationToken)
    {
        var vendors = db.Set<Vendor>().AsNoTracking();
        var total = await vendors.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await WithCounts(vendors.OrderBy(v => v.MatchName).ThenBy(v => v.Id).Skip((page - 1) * PageSize).Take(PageSize))
            .ToListAsync(cancellationToken);
        return new VendorListPage(items, total, page, pageCount);
    }

    /// <summary>Vendors whose name starts with (then contains) the query: for autocompletion.</summary>
    public async Task<List<VendorListItem>> SuggestAsync(string? query, int limit, CancellationToken cancellationToken)
    {
        var normalized = SearchText.Normalize(query is { Length: > 200 } ? query[..200] : query);
        var vendors = db.Set<Vendor>().AsNoTracking();
        if (normalized.Length > 0)
        {
            var word = " " + normalized;
            vendors = vendors.Where(v => v.MatchName.Contains(normalized))
                .OrderBy(v => v.MatchName == normalized ? 0 : v.MatchName.StartsWith(normalized) ? 1 : v.MatchName.Contains(word) ? 2 : 3)
                .ThenBy(v => v.MatchName);
        }
        else
        {
            vendors = vendors.OrderBy(v => v.MatchName);
        }
        return await WithCounts(vendors.Take(Math.Clamp(limit, 1, MaxSuggestions))).ToListAsync(cancellationToken);
    }

    private IQueryable<VendorListItem> WithCounts(IQueryable<Vendor> vendors) => vendors.Select(v => new VendorListItem(
        v.Slug, v.Name, v.IsFictional,
        db.Set<Dossier>().Count(d => !d.IsHidden && d.Vendors.Any(dv => dv.VendorId == v.Id)),
        db.Set<VendorRelation>().Count(r => r.SubjectVendorId == v.Id || r.ObjectVendorId == v.Id)));

    /// <summary>An http(s) address, or null: anything else is shown as text, never as a link.</summary>
    public static Uri? WebLink(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri : null;
}
