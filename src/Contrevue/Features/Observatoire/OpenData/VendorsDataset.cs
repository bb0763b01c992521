using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.OpenData;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.OpenData;

/// <summary>The vendors, with how many published dossiers name each.</summary>
internal sealed class VendorsDataset(ContrevueDbContext db, SiteAddress site) : IOpenDataset
{
    public string Name => "fournisseurs";
    public int Order => 12;
    public string Title => "Fournisseurs";
    public string Description => "Les entreprises qui vendent les dispositifs, leurs produits, et le nombre de dossiers publiés qui les citent.";
    public OpenDataLicence Licence => OpenDataLicence.Contrevue;
    public bool HasPoints => false;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("id", OpenDataType.WholeNumber, "Identifiant du fournisseur."),
        new("slug", OpenDataType.Text, "Identifiant lisible (celui de l'adresse de sa page et du filtre vendor de l'API)."),
        new("nom", OpenDataType.Text, "Nom."),
        new("societe_mere", OpenDataType.Text, "Société mère."),
        new("pays", OpenDataType.Text, "Pays."),
        new("site_web", OpenDataType.Text, "Site web."),
        new("produits", OpenDataType.Text, "Produits connus."),
        new("dossiers", OpenDataType.WholeNumber, "Nombre de dossiers publiés qui le citent."),
        new("fictif", OpenDataType.Boolean, "Fournisseur fictif de démonstration."),
        new("url", OpenDataType.Text, "Page du fournisseur."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var address = site.Configured ?? SiteAddress.LocalAddress;
        var counts = await db.Set<DossierVendor>().AsNoTracking()
            .Where(v => db.Set<Dossier>().Any(d => d.Id == v.DossierId && !d.IsHidden))
            .GroupBy(v => v.VendorId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        await foreach (var vendor in db.Set<Vendor>().AsNoTracking().OrderBy(v => v.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return new OpenDataRow(
            [
                vendor.Id, vendor.Slug, vendor.Name, vendor.ParentCompany, vendor.Country, vendor.Website, vendor.Products,
                counts.GetValueOrDefault(vendor.Id), vendor.IsFictional, address + vendor.CanonicalPath,
            ]);
        }
    }
}
