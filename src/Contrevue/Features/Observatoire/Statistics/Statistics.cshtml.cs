using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Map;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Observatoire.Statistics;

public sealed record DepartementRow(string Code, string Name, int Count)
{
    public string ListUrl => $"/observatoire?departement={Code}";
}

/// <summary>The observatoire in numbers: by technology, status, alert, département, vendor and year.</summary>
[OutputCache(PolicyName = ObservatoireCache.Policy)]
public sealed class StatisticsModel(ObservatoireStatisticsQueries statistics, ObservatoireMap map, TerritoryQueries territories) : PageModel
{
    public const string ByCount = "nombre";
    public const string ByCode = "code";

    public ObservatoireStatistics Statistics { get; private set; } = null!;
    public DepartementMap? Map { get; private set; }
    public IReadOnlyList<DepartementRow> Departements { get; private set; } = [];

    /// <summary>How the département table is sorted: by number of dossiers (default) or by code.</summary>
    [FromQuery(Name = "tri")]
    public string? Sort { get; set; }

    public bool SortedByCode => string.Equals(Sort, ByCode, StringComparison.OrdinalIgnoreCase);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Statistics = await statistics.ComputeAsync(cancellationToken);
        if (Statistics.Total == 0)
        {
            return;
        }
        var departements = await territories.DepartementsAsync(cancellationToken);
        Map = map.Build(departements, Statistics.ByDepartement);
        var names = departements.ToDictionary(d => d.Code, d => d.Name);
        var rows = Statistics.ByDepartement
            .Select(c => new DepartementRow(c.Key, names.GetValueOrDefault(c.Key) ?? c.Key, c.Value));
        Departements = SortedByCode
            ? [.. rows.OrderBy(r => r.Code, StringComparer.Ordinal)]
            : [.. rows.OrderByDescending(r => r.Count).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }
}
