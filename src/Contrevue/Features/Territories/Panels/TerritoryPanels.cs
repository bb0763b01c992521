namespace Contrevue.Features.Territories.Panels;

/// <summary>Loads, in page order, the panels of every feature that apply to a territory's page.</summary>
public sealed class TerritoryPanels(IEnumerable<ITerritoryPanel> panels)
{
    private readonly IReadOnlyList<ITerritoryPanel> _ordered = panels.OrderBy(p => p.Order).ToList();

    /// <remarks>One after the other: the panels share the request's database context.</remarks>
    public async Task<IReadOnlyList<TerritoryPanelView>> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        var loaded = new List<TerritoryPanelView>();
        foreach (var panel in _ordered.Where(p => p.Levels.Contains(context.Territory.Kind)))
        {
            if (await panel.LoadAsync(context, cancellationToken) is { } view)
            {
                loaded.Add(view);
            }
        }
        return loaded;
    }
}
