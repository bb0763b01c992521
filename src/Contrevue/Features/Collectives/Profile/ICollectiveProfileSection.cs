using Contrevue.Features.Territories;
using Contrevue.Infrastructure;

namespace Contrevue.Features.Collectives.Profile;

/// <summary>
/// A section a feature adds to a collective's public profile (<c>/collectifs/{id}-{slug}</c>): its upcoming
/// events, the campaign status of the communes it covers… Each feature registers its own in its setup; the
/// profile renders them in <see cref="Order"/> without knowing any of them. Only listed collectives have a
/// public profile, so a section never shows an unlisted collective's work.
/// </summary>
[Seam]
public interface ICollectiveProfileSection
{
    /// <summary>Where the section stands on the profile, the lowest first.</summary>
    int Order { get; }

    /// <summary>What the section shows for this collective, or null when it has nothing to show.</summary>
    Task<CollectiveProfileSectionView?> LoadAsync(CollectiveProfileContext context, CancellationToken cancellationToken);
}

/// <summary>The listed collective whose profile is being shown.</summary>
[Seam]
public sealed record CollectiveProfileContext(int CollectiveId, string Name, IReadOnlyList<TerritoryReference> Territories, HttpRequest Request);

/// <summary>A loaded section: the partial that renders it (an absolute path inside the contributing feature) and its model.</summary>
[Seam]
public sealed record CollectiveProfileSectionView(string PartialName, object Model);
