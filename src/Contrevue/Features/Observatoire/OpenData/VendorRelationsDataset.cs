using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.OpenData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.OpenData;

/// <summary>The relations between vendors, and between vendors and communes (Technopolice's graph), once reviewed.</summary>
internal sealed class VendorRelationsDataset(ContrevueDbContext db) : IOpenDataset
{
    public string Name => "relations-fournisseurs";
    public int Order => 13;
    public string Title => "Relations entre fournisseurs";
    public string Description => "Filiales, rachats, partenariats, clients : une relation entre deux entreprises, ou une entreprise et une commune, avec sa source.";
    public OpenDataLicence Licence => OpenDataLicence.Contrevue;
    public bool HasPoints => false;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("id", OpenDataType.WholeNumber, "Identifiant de la relation."),
        new("sujet", OpenDataType.Text, "Premier terme, tel que la source le nomme."),
        new("sujet_fournisseur", OpenDataType.Text, "Slug du fournisseur reconnu dans le premier terme."),
        new("sujet_commune", OpenDataType.Text, "Code INSEE de la commune reconnue dans le premier terme."),
        new("relation", OpenDataType.Text, "Nature du lien."),
        new("objet", OpenDataType.Text, "Second terme, tel que la source le nomme."),
        new("objet_fournisseur", OpenDataType.Text, "Slug du fournisseur reconnu dans le second terme."),
        new("objet_commune", OpenDataType.Text, "Code INSEE de la commune reconnue dans le second terme."),
        new("source", OpenDataType.Text, "Adresse de la source."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var slugs = await db.Set<Vendor>().AsNoTracking().ToDictionaryAsync(v => v.Id, v => v.Slug, cancellationToken);
        var relations = db.Set<VendorRelation>().AsNoTracking().Where(r => !r.NeedsReview).OrderBy(r => r.Id).AsAsyncEnumerable();
        await foreach (var relation in relations.WithCancellation(cancellationToken))
        {
            yield return new OpenDataRow(
            [
                relation.Id, relation.SubjectName, relation.SubjectVendorId is { } s ? slugs.GetValueOrDefault(s) : null, relation.SubjectCommuneCode,
                relation.Kind, relation.ObjectName, relation.ObjectVendorId is { } o ? slugs.GetValueOrDefault(o) : null, relation.ObjectCommuneCode,
                relation.SourceUrl,
            ]);
        }
    }
}
