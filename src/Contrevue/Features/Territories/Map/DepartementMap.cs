using Contrevue.Infrastructure;

namespace Contrevue.Features.Territories.Map;

/// <summary>One département on the map: where it links to, its value and its colour class.</summary>
public sealed record DepartementMapArea(string Code, string Name, string Url, double? Value, string FormattedValue, int ClassIndex, string? Path);

[Seam]
public sealed record DepartementMapLegendEntry(int ClassIndex, string Label);

/// <summary>Classes chosen by the caller instead of quantiles: for counts, where most départements share a value.</summary>
[Seam]
public sealed record DepartementMapClasses(Func<double, int> ClassOf, IReadOnlyList<DepartementMapLegendEntry> Legend);

/// <summary>
/// A choropleth of départements, drawn on the server as SVG links: any metric can be given (population,
/// number of dossiers…). Values are split into quantile classes so that the map stays readable whatever the
/// metric's spread; overseas départements, which the base map does not draw, are listed beside it.
/// Other features' pages render it with <c>&lt;partial name="@DepartementMap.PartialName" model="map" /&gt;</c>.
/// </summary>
[Seam]
public sealed class DepartementMap
{
    public const int ClassCount = 5;

    /// <summary>The partial that draws a map.</summary>
    public const string PartialName = "/Features/Territories/Map/_DepartementMap.cshtml";

    public required string Title { get; init; }
    public required string MetricLabel { get; init; }
    public required string ViewBox { get; init; }
    public required IReadOnlyList<DepartementMapArea> Drawn { get; init; }
    public required IReadOnlyList<DepartementMapArea> Listed { get; init; }
    public required IReadOnlyList<DepartementMapLegendEntry> Legend { get; init; }

    public static DepartementMap Build(
        DepartementMapShapes shapes,
        IEnumerable<Departement> departements,
        Func<Departement, double?> metric,
        Func<double, string> format,
        string title,
        string metricLabel,
        Func<double, double, string> rangeLabel,
        Func<Departement, string>? url = null,
        DepartementMapClasses? classes = null)
    {
        var list = departements.ToList();
        var values = list.Select(metric).Where(v => v.HasValue).Select(v => v!.Value).Order().ToList();
        var thresholds = Enumerable.Range(1, ClassCount - 1)
            .Select(i => values.Count == 0 ? 0 : values[Math.Min(values.Count - 1, i * values.Count / ClassCount)])
            .ToList();

        int ClassOf(double? value)
        {
            if (value is null)
            {
                return -1;
            }
            if (classes is not null)
            {
                return classes.ClassOf(value.Value);
            }
            var index = 0;
            while (index < thresholds.Count && value.Value >= thresholds[index])
            {
                index++;
            }
            return index;
        }

        var pathByCode = shapes.Shapes.ToDictionary(s => s.Code, s => s.Path);
        var areas = list.Select(d =>
        {
            var value = metric(d);
            return new DepartementMapArea(d.Code, d.Name, url?.Invoke(d) ?? $"/departements/{d.Code}-{d.Slug}", value,
                value is null ? "—" : format(value.Value), ClassOf(value), pathByCode.GetValueOrDefault(d.Code));
        }).ToList();

        var legend = classes?.Legend.ToList() ?? [];
        if (classes is null && values.Count > 0)
        {
            var bounds = new List<double> { values[0] };
            bounds.AddRange(thresholds);
            bounds.Add(values[^1]);
            for (var i = 0; i < ClassCount; i++)
            {
                legend.Add(new DepartementMapLegendEntry(i, rangeLabel(bounds[i], bounds[i + 1])));
            }
        }

        return new DepartementMap
        {
            Title = title,
            MetricLabel = metricLabel,
            ViewBox = shapes.ViewBox,
            Drawn = [.. areas.Where(a => a.Path is not null)],
            Listed = [.. areas.Where(a => a.Path is null).OrderBy(a => a.Code, StringComparer.Ordinal)],
            Legend = legend,
        };
    }
}
