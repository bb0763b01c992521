using System.Text;
using Contrevue.Features.Observatoire.Digest;

namespace Contrevue.Features.Veille.Digest;

/// <summary>
/// « Nouveaux dossiers de l'observatoire », through the observatoire's <see cref="DossierDigest"/> seam. Built here
/// rather than in the observatoire because articles already link to its dossiers (Veille → Observatoire): an
/// implementation there would make the two features name each other.
/// </summary>
internal sealed class NewDossiersSection(DossierDigest dossiers) : IWeeklyDigestSection
{
    public int Order => 20;

    public async Task<DigestSection?> BuildAsync(DigestWeek week, CancellationToken cancellationToken)
    {
        var created = await dossiers.CreatedBetweenAsync(week.Start.UtcDateTime, week.End.UtcDateTime, cancellationToken);
        if (created.Total == 0)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var dossier in created.Listed)
        {
            text.Append("- [").Append(DigestWeek.Escape(dossier.Title)).Append("](").Append(week.SiteUrl).Append(dossier.Path).Append(")\n");
        }
        if (created.Total > created.Listed.Count)
        {
            // A busy week: the newest are listed, the others counted, not dropped without a word.
            var others = created.Total - created.Listed.Count;
            text.Append("- Et ").Append(others).Append(others == 1 ? " autre" : " autres").Append(", dans [l'observatoire](")
                .Append(week.SiteUrl).Append("/observatoire)\n");
        }
        return new DigestSection("Nouveaux dossiers de l'observatoire", text.ToString());
    }
}
