using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Localization;
using Contrevue.Features.Territories.Map;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Collectives.Public;

/// <summary>The public directory of collectives: a map of départements by number of collectives, filters, search.</summary>
[OutputCache(PolicyName = CollectivesCache.Policy)]
public sealed class DirectoryModel(CollectiveCoverage coverage, TerritoryQueries territories, DepartementMapShapes shapes, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int MaxSearchLength = 100;

    public sealed record Entry(ListedCollective Collective, IReadOnlyList<NamedTerritory> Territories);

    public IReadOnlyList<Entry> Entries { get; private set; } = [];
    public int ListedCount { get; private set; }
    public DepartementMap Map { get; private set; } = null!;
    public IReadOnlyList<Departement> Departements { get; private set; } = [];
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public string? FilterName { get; private set; }
    /// <summary>What was wrong with the criteria (answered with a 400, the page still shown).</summary>
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "departement")] public string? Departement { get; set; }
    [BindProperty(SupportsGet = true, Name = "region")] public string? Region { get; set; }

    public async Task<PageResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Search = Search?.Trim();
        if (Search is { Length: > MaxSearchLength })
        {
            Refuse(text["La recherche ne peut pas dépasser {0} caractères.", MaxSearchLength]);
            Search = null;
        }
        var listed = await coverage.ListedAsync(cancellationToken);
        ListedCount = listed.Count;
        Departements = await territories.DepartementsAsync(cancellationToken);
        Regions = await territories.RegionsAsync(cancellationToken);
        if (!string.IsNullOrEmpty(Departement))
        {
            FilterName = Departements.FirstOrDefault(d => d.Code == Departement)?.Name;
            if (FilterName is null)
            {
                Refuse(text["Département inconnu : {0}.", Departement]);
                Departement = null;
            }
        }
        if (!string.IsNullOrEmpty(Region))
        {
            FilterName = Regions.FirstOrDefault(r => r.Code == Region)?.Name;
            if (FilterName is null)
            {
                Refuse(text["Région inconnue : {0}.", Region]);
                Region = null;
            }
        }
        var counts = Departements.ToDictionary(d => d.Code, d => listed.Count(c => c.Departements.Contains(d.Code)));
        Map = DepartementMap.Build(
            shapes, Departements,
            d => counts[d.Code],
            value => Plural((int)value),
            text["Carte des collectifs par département"],
            text["Nombre de collectifs"],
            (_, _) => "",
            url: d => $"/collectifs?departement={d.Code}",
            classes: new DepartementMapClasses(
                value => value switch { <= 0 => 0, 1 => 1, 2 => 2, <= 4 => 3, _ => 4 },
                [new(0, text["Aucun collectif"]), new(1, Plural(1)), new(2, Plural(2)), new(3, text["3 ou 4 collectifs"]), new(4, text["5 collectifs ou plus"])]));

        var shown = CollectiveCoverage.Matching(listed, Search)
            .Where(c => string.IsNullOrEmpty(Departement) || c.Departements.Contains(Departement))
            .Where(c => string.IsNullOrEmpty(Region) || c.Regions.Contains(Region))
            .ToList();
        var names = await coverage.NamesAsync(shown.SelectMany(c => c.Territories), cancellationToken);
        Entries = [.. shown.Select(c => new Entry(c, [.. c.Territories.Select(t => new NamedTerritory(t, names.GetValueOrDefault(t) ?? t.ToString()))]))];
        return Page();
    }

    private void Refuse(string message)
    {
        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    private string Plural(int count) => text.Plural(count, "{0, plural, one {# collectif} other {# collectifs}}");
}
