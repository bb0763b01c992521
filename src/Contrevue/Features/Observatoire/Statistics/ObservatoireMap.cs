using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Map;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Statistics;

/// <summary>
/// The département map coloured by the number of visible dossiers; each département links to the
/// observatoire's list filtered on it. For the statistics page and the observatoire's list.
/// </summary>
public sealed class ObservatoireMap(ContrevueDbContext db, TerritoryQueries territories, DepartementMapShapes shapes, IStringLocalizer<SharedResource> text)
{
    public async Task<DepartementMap> BuildAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Set<Dossier>().AsNoTracking()
            .Where(d => !d.IsHidden && d.DepartementCode != null)
            .GroupBy(d => d.DepartementCode!)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Code, g => g.Count, cancellationToken);
        return await BuildAsync(counts, cancellationToken);
    }

    public async Task<DepartementMap> BuildAsync(IReadOnlyDictionary<string, int> countByDepartement, CancellationToken cancellationToken) =>
        Build(await territories.DepartementsAsync(cancellationToken), countByDepartement);

    /// <summary>With the départements and counts already loaded (the statistics page has them).</summary>
    public DepartementMap Build(IReadOnlyList<Departement> departements, IReadOnlyDictionary<string, int> countByDepartement)
    {
        var counts = departements.Select(d => countByDepartement.GetValueOrDefault(d.Code)).ToList();
        return DepartementMap.Build(
            shapes,
            departements,
            d => countByDepartement.GetValueOrDefault(d.Code),
            value => Dossiers((int)value),
            text["Carte des dossiers par département"],
            text["Nombre de dossiers"],
            (_, _) => "",
            url: d => $"/observatoire?departement={d.Code}",
            classes: ClassesFor(counts, (from, to) => from == to ? Dossiers(from) : text["de {0} à {1} dossiers", N(from), N(to)], text["Aucun dossier"]));
    }

    /// <summary>
    /// Zero has a class of its own (most départements, while the observatoire fills up); the others are
    /// split into up to four quantile classes of whole numbers, the highest always the darkest colour.
    /// </summary>
    public static DepartementMapClasses ClassesFor(IEnumerable<int> counts, Func<int, int, string> rangeLabel, string noneLabel)
    {
        var positives = counts.Where(c => c > 0).Order().ToList();
        var legend = new List<DepartementMapLegendEntry> { new(0, noneLabel) };
        if (positives.Count == 0)
        {
            return new DepartementMapClasses(_ => 0, legend);
        }
        var positiveClasses = DepartementMap.ClassCount - 1;
        var lowerBounds = new List<int> { 1 };
        lowerBounds.AddRange(Enumerable.Range(1, positiveClasses - 1)
            .Select(i => positives[i * positives.Count / positiveClasses])
            .Where(t => t > positives[0])
            .Distinct());
        var first = DepartementMap.ClassCount - lowerBounds.Count;
        for (var i = 0; i < lowerBounds.Count; i++)
        {
            var upper = i + 1 < lowerBounds.Count ? lowerBounds[i + 1] - 1 : positives[^1];
            legend.Add(new(first + i, rangeLabel(lowerBounds[i], upper)));
        }
        return new DepartementMapClasses(
            value => value <= 0 ? 0 : first + lowerBounds.Count(bound => value >= bound) - 1,
            legend);
    }

    private string Dossiers(int count) => count <= 1 ? text["{0} dossier", N(count)] : text["{0} dossiers", N(count)];

    private static string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
