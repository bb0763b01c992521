using System.Text;

namespace Contrevue.Features.Carte.Tiles;

/// <summary>
/// The filters of one request, checked against what the layer declares (<see cref="IMapLayerFilters"/>) plus
/// the département, which every layer has: each named property must hold one of the values asked for.
/// <see cref="Key"/> is canonical (sorted), so two spellings of the same filter share their cached tiles.
/// </summary>
public sealed class PointFilter
{
    public const string DepartementParameter = "departement";
    private const int MaxValuesPerParameter = 16;

    private readonly List<(string Property, HashSet<string> Values)> _conditions;

    private PointFilter(List<(string Property, HashSet<string> Values)> conditions, string key)
    {
        _conditions = conditions;
        Key = key;
    }

    public static PointFilter None { get; } = new([], "");

    public string Key { get; }

    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>Reads the known parameters of <paramref name="query"/>; unknown values are French errors.</summary>
    public static PointFilter Parse(IMapLayer layer, IQueryCollection query, Dictionary<string, string[]> errors)
    {
        var declared = (layer as IMapLayerFilters)?.Filters ?? [];
        var conditions = new List<(string Property, HashSet<string> Values)>();
        var key = new StringBuilder();
        foreach (var filter in declared.OrderBy(f => f.Parameter, StringComparer.Ordinal))
        {
            var values = Values(query, filter.Parameter);
            if (values is null)
            {
                continue;
            }
            var unknown = values.Where(v => !filter.Options.Any(o => o.Code == v)).ToList();
            if (unknown.Count > 0 || values.Count > MaxValuesPerParameter)
            {
                errors[filter.Parameter] = [string.Format(System.Globalization.CultureInfo.InvariantCulture, "Valeur inconnue pour « {0} » : {1}. Valeurs possibles : {2}.",
                    filter.Label, string.Join(", ", unknown.Take(3)), string.Join(", ", filter.Options.Select(o => o.Code)))];
                continue;
            }
            conditions.Add((filter.Property, [.. values]));
            key.Append(filter.Parameter).Append('=').AppendJoin(',', values.Order(StringComparer.Ordinal)).Append('&');
        }
        var departements = Values(query, DepartementParameter);
        if (departements is not null)
        {
            if (departements.Count > MaxValuesPerParameter || departements.Any(d => !IsDepartementCode(d)))
            {
                errors[DepartementParameter] = ["Département illisible : un code comme 42, 2A ou 974."];
            }
            else
            {
                conditions.Add((DepartementParameter, [.. departements]));
                key.Append(DepartementParameter).Append('=').AppendJoin(',', departements.Order(StringComparer.Ordinal)).Append('&');
            }
        }
        return conditions.Count == 0 ? None : new PointFilter(conditions, key.ToString());
    }

    public bool Matches(MapPoint point)
    {
        foreach (var (property, values) in _conditions)
        {
            var value = property == DepartementParameter ? point.DepartementCode : point.Properties.GetValueOrDefault(property);
            if (value is null || !AnyOf(value, values))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AnyOf(string value, HashSet<string> values)
    {
        foreach (var part in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (values.Contains(part))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Repeated parameters and comma-separated lists both count; empty values mean "no filter".</summary>
    private static List<string>? Values(IQueryCollection query, string parameter)
    {
        if (!query.TryGetValue(parameter, out var raw))
        {
            return null;
        }
        var values = raw.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        return values.Count == 0 ? null : values;
    }

    private static bool IsDepartementCode(string code) =>
        code.Length is 2 or 3 && code.All(c => char.IsAsciiDigit(c) || c is 'A' or 'B');
}
