using Contrevue.Features.Carte.Tiles;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Map;
using Contrevue.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Carte.Pages;

/// <summary>
/// The public map. The page itself is whole without JavaScript: a GET form of filters, the départements'
/// choropleth of the first layer shown and, per layer, the list of what the filters keep. The script
/// (<c>/js/carte.js</c>) adds the MapLibre map above it and keeps the list to what the map shows.
/// </summary>
[OutputCache(PolicyName = CarteCache.Policy)]
public sealed class CartePageModel(
    IEnumerable<IMapLayer> layers, MapTiles tiles, Basemap basemap, TerritoryQueries territories, DepartementMapShapes shapes,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public const int MaxListed = CarteApi.MaxListed;

    public sealed record LayerView(IMapLayer Layer, bool Shown, IReadOnlyList<MapFilter> Filters, VisiblePoints? Visible);

    public IReadOnlyList<LayerView> Layers { get; private set; } = [];
    public IReadOnlyList<Departement> Departements { get; private set; } = [];
    public string? Departement { get; private set; }
    public DepartementMap? Map { get; private set; }
    public string? BasemapPath { get; private set; }
    public List<string> Errors { get; } = [];

    /// <summary>The value asked for a filter parameter (the form shows it selected).</summary>
    public string? Asked(string parameter) => Request.Query[parameter].FirstOrDefault();

    public async Task<PageResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Departements = await territories.DepartementsAsync(cancellationToken);
        var ordered = layers.Where(l => !l.IsBackground).OrderBy(l => l.Order).ToList();
        var asked = Request.Query["couche"].Where(c => !string.IsNullOrEmpty(c)).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in asked.Where(c => ordered.All(l => l.Code != c)))
        {
            Errors.Add(text["Couche inconnue : {0}.", unknown ?? ""]);
        }
        var views = new List<LayerView>();
        foreach (var layer in ordered)
        {
            var shown = asked.Count == 0 || asked.Contains(layer.Code);
            var errors = new Dictionary<string, string[]>();
            var filter = PointFilter.Parse(layer, Request.Query, errors);
            Errors.AddRange(errors.Values.SelectMany(v => v).Select(e => text[e].Value).Where(e => !Errors.Contains(e)));
            var visible = shown && errors.Count == 0 ? await tiles.VisibleAsync(layer, filter, null, MaxListed, cancellationToken) : null;
            views.Add(new LayerView(layer, shown, (layer as IMapLayerFilters)?.Filters ?? [], visible));
            if (shown && errors.Count == 0 && Map is null)
            {
                var counts = await tiles.CountByDepartementAsync(layer, filter, cancellationToken);
                Map = DepartementMap.Build(shapes, Departements, d => counts.GetValueOrDefault(d.Code), v => text.Plural((int)v, "{0, plural, one {# point} other {# points}}"),
                    text["{0} par département", text[layer.Name]], text[layer.Name], (low, high) => low == high ? $"{low:0}" : $"{low:0} – {high:0}",
                    url: d => $"/carte?departement={d.Code}");
            }
        }
        Layers = views;
        Departement = Asked(PointFilter.DepartementParameter);
        if (Departement is not null && Departements.All(d => d.Code != Departement))
        {
            Departement = null;
        }
        if (basemap.Current() is { } current)
        {
            BasemapPath = Basemap.PathOf(current.Version);
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}
