using System.Runtime.CompilerServices;
using Contrevue.Data;
using Contrevue.Features.OpenData;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.OpenData;

/// <summary>The published sources of published dossiers, read in batches by id.</summary>
internal sealed class SourcesDataset(ContrevueDbContext db, SiteAddress site) : IOpenDataset
{
    private const int BatchSize = 1000;

    public string Name => "sources";
    public int Order => 11;
    public string Title => "Sources des dossiers";
    public string Description => "Chaque fait d'un dossier s'appuie sur des sources datées : article, délibération, marché public, arrêté préfectoral, réponse CADA, décision de justice.";
    public OpenDataLicence Licence => OpenDataLicence.Contrevue;
    public bool HasPoints => false;

    public IReadOnlyList<OpenDataColumn> Columns { get; } =
    [
        new("id", OpenDataType.WholeNumber, "Identifiant de la source."),
        new("dossier_id", OpenDataType.WholeNumber, "Dossier qu'elle appuie (colonne id du jeu « dossiers »)."),
        new("type", OpenDataType.Text, "Type de source (article, deliberation, public-contract, prefectoral-order, cada-answer, court-decision…)."),
        new("titre", OpenDataType.Text, "Titre de la source."),
        new("editeur", OpenDataType.Text, "Qui l'a publiée."),
        new("publiee_le", OpenDataType.Date, "Date de publication."),
        new("url", OpenDataType.Text, "Adresse d'origine."),
        new("copie", OpenDataType.Text, "Copie conservée par Contrevue (document ou capture), quand il y en a une."),
        new("consultee_le", OpenDataType.Date, "Date de consultation."),
        new("confiance", OpenDataType.Text, "Niveau de confiance (established, probable, unverified…)."),
    ];

    public async IAsyncEnumerable<OpenDataRow> RowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var address = site.Configured ?? SiteAddress.LocalAddress;
        var after = 0;
        while (true)
        {
            var batch = await db.Set<Source>().AsNoTracking()
                .Where(s => s.Id > after && !s.IsHidden && db.Set<Dossier>().Any(d => d.Id == s.DossierId && !d.IsHidden))
                .OrderBy(s => s.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var source in batch)
            {
                var copy = source.FileSha256 ?? source.SnapshotSha256;
                yield return new OpenDataRow(
                [
                    source.Id, source.DossierId, ObservatoireCodes.SourceKinds.Code(source.Kind), source.Title, source.Publisher,
                    source.PublishedOn, source.Url, copy is null ? null : address + SourceFileStore.UrlOf(copy), source.RetrievedOn,
                    ObservatoireCodes.Confidences.Code(source.Confidence),
                ]);
            }
            if (batch.Count < BatchSize)
            {
                yield break;
            }
            after = batch[^1].Id;
        }
    }
}
