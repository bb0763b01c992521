using Contrevue.Infrastructure;

namespace Contrevue.Features.Observatoire.Sections;

/// <summary>
/// A section another feature adds to a public dossier's page (<c>/observatoire/dossiers/{id}-{slug}</c>): the
/// council sessions that debate it… Each feature registers its own in its setup; the page renders them in
/// <see cref="Order"/> without knowing any of them. The page is cached under
/// <see cref="DossierLookup.PageCacheTag"/>: a feature evicts that tag when what its section shows changes.
/// </summary>
[Seam]
public interface IDossierPageSection
{
    /// <summary>Where the section stands on the page, the lowest first.</summary>
    int Order { get; }

    /// <summary>What the section shows for this dossier, or null when it has nothing to show.</summary>
    Task<DossierPageSectionView?> LoadAsync(DossierPageContext context, CancellationToken cancellationToken);
}

/// <summary>The public dossier whose page is being shown.</summary>
[Seam]
public sealed record DossierPageContext(int DossierId, string Title);

/// <summary>A loaded section: the partial that renders it (an absolute path inside the contributing feature) and its model.</summary>
[Seam]
public sealed record DossierPageSectionView(string PartialName, object Model);
