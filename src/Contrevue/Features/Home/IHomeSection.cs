using Contrevue.Infrastructure;

namespace Contrevue.Features.Home;

/// <summary>
/// A section of the home page, contributed by a feature (the campaign and its « Écrire à ma mairie »,
/// the observatoire and its map, the procedures…). Each feature registers its own in its setup; the home
/// page renders them in <see cref="Order"/> without knowing any of them.
/// </summary>
[Seam]
public interface IHomeSection
{
    /// <summary>Where the section stands on the page, the lowest first.</summary>
    int Order { get; }

    /// <summary>What the section shows, or null when it has nothing to show (no open campaign, say).</summary>
    Task<HomeSectionView?> LoadAsync(CancellationToken cancellationToken);
}

/// <summary>A loaded section: the partial that renders it (an absolute path inside the contributing feature) and its model.</summary>
[Seam]
public sealed record HomeSectionView(string PartialName, object Model);

/// <summary>Loads every feature's home section, in page order.</summary>
public sealed class HomeSections(IEnumerable<IHomeSection> sections)
{
    private readonly IReadOnlyList<IHomeSection> _ordered = [.. sections.OrderBy(s => s.Order)];

    /// <remarks>One after the other: the sections share the request's database context.</remarks>
    public async Task<IReadOnlyList<HomeSectionView>> LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = new List<HomeSectionView>();
        foreach (var section in _ordered)
        {
            if (await section.LoadAsync(cancellationToken) is { } view)
            {
                loaded.Add(view);
            }
        }
        return loaded;
    }
}
