using Contrevue.Infrastructure;

namespace Contrevue.Features.Territories.Panels;

/// <summary>
/// A section a feature adds to the pages of communes, EPCI, départements and régions (its campaign
/// status, its contacts, its dossiers…). Each feature registers its own in its setup; the territory
/// pages load every panel that applies, in <see cref="Order"/>, and render the partial each one names,
/// without knowing any of them.
/// </summary>
[Seam]
public interface ITerritoryPanel
{
    /// <summary>Where the section stands among the others on the page, the lowest first.</summary>
    int Order { get; }

    /// <summary>The kinds of territory whose pages show this section.</summary>
    IReadOnlyCollection<TerritoryKind> Levels { get; }

    /// <summary>What the section shows for this territory, or null when it has nothing to show there.</summary>
    Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken);
}

/// <summary>The territory whose page is being shown, as a panel needs it.</summary>
/// <param name="Request">The request being answered, for the site's address in absolute links.</param>
[Seam]
public sealed record TerritoryPanelContext(TerritoryReference Territory, string Name, HttpRequest Request);

/// <summary>
/// A loaded panel: the partial that renders it (an absolute path inside the contributing feature) and
/// its model; and, when the panel gives the page its picture for social networks, that image.
/// </summary>
[Seam]
public sealed record TerritoryPanelView(string PartialName, object Model)
{
    public TerritoryShareImage? ShareImage { get; init; }
}

/// <summary>The page's og:image: an absolute URL and its text alternative.</summary>
[Seam]
public sealed record TerritoryShareImage(string Url, string Alt);
