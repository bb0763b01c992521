using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Text;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire;

/// <summary>
/// A step by which a surveillance project went ahead: voted or funded, awarded, deployed or experimented,
/// on that day. Its status comes as the API's code and the page's French label.
/// </summary>
[Seam]
public sealed record DossierLink(int Id, string Title, string Path);

[Seam]
public sealed record DossierStep(int DossierId, string Title, string Path, string StatusCode, string StatusLabel, DateOnly On);

/// <summary>
/// What other features may ask the observatoire about its dossiers, answered with plain records: they
/// never read the dossier tables themselves.
/// </summary>
[Seam]
public sealed class DossierLookup(ContrevueDbContext db)
{
    /// <summary>Technologies that are algorithmic video surveillance.</summary>
    private const Technology AlgorithmicTechnologies = Technology.Vsa | Technology.FacialRecognition;

    private static readonly DossierStatus[] GoingAhead = [DossierStatus.Funded, DossierStatus.Awarded, DossierStatus.Deployed, DossierStatus.Experimented];

    /// <summary>Whether a dossier of this number exists, shown or hidden.</summary>
    public Task<bool> ExistsAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Dossier>().AnyAsync(d => d.Id == id, cancellationToken);

    /// <summary>The title and page of a public dossier (not hidden), or null.</summary>
    public Task<DossierLink?> PublicLinkAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Dossier>().AsNoTracking().Where(d => d.Id == id && !d.IsHidden)
            .Select(d => new DossierLink(d.Id, d.Title, "/observatoire/dossiers/" + d.Id + "-" + d.Slug))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The output-cache tag of a dossier's page: evict it when something the page shows changes.</summary>
    public static string PageCacheTag(int id) => ObservatoireCache.DossierTag(id);

    /// <summary>
    /// The public, real algorithmic video surveillance (VSA or facial recognition) projects the authority of
    /// <paramref name="authority"/> runs that went ahead after <paramref name="after"/>: for each, its first
    /// step going ahead after that day.
    /// </summary>
    public async Task<IReadOnlyList<DossierStep>> AlgorithmicProjectsGoneAheadAsync(TerritoryReference authority, DateOnly after, CancellationToken cancellationToken)
    {
        var kind = authority.Kind switch
        {
            TerritoryKind.Epci => AuthorityKind.Epci,
            TerritoryKind.Departement => AuthorityKind.Departement,
            TerritoryKind.Region => AuthorityKind.Region,
            _ => AuthorityKind.Commune,
        };
        var dossiers = await db.Set<Dossier>().AsNoTracking()
            .Where(d => d.AuthorityKind == kind && d.AuthorityCode == authority.Code && !d.IsHidden && !d.IsFictional
                && (d.Technologies & AlgorithmicTechnologies) != 0)
            .Select(d => new
            {
                d.Id, d.Title, d.Slug, d.Status, d.StatusSince,
                Changes = d.StatusChanges.Select(c => new { c.Status, c.On }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var found = new List<DossierStep>();
        foreach (var dossier in dossiers)
        {
            var steps = dossier.Changes.Select(c => (c.Status, c.On)).ToList();
            if (dossier.StatusSince is { } since)
            {
                steps.Add((dossier.Status, since));
            }
            var next = steps.Where(s => GoingAhead.Contains(s.Status) && s.On > after).OrderBy(s => s.On).FirstOrDefault();
            if (next != default)
            {
                found.Add(new DossierStep(dossier.Id, dossier.Title, $"/observatoire/dossiers/{dossier.Id}-{dossier.Slug}",
                    ObservatoireCodes.Statuses.Code(next.Status), ObservatoireCodes.Statuses.Label(next.Status), next.On));
            }
        }
        return found;
    }
}
