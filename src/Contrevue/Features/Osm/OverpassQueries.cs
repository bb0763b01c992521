using Contrevue.Features.Territories;

namespace Contrevue.Features.Osm;

/// <summary>The Overpass query that exports a commune's or a département's cameras, to paste into overpass-turbo.</summary>
public static class OverpassQueries
{
    public static string For(TerritoryReference territory)
    {
        var area = territory.Kind == TerritoryKind.Departement
            ? $"area[\"ref:INSEE\"=\"{territory.Code}\"][\"admin_level\"=\"6\"]->.a;"
            : $"area[\"ref:INSEE\"=\"{territory.Code}\"][\"boundary\"=\"administrative\"]->.a;";
        return "[out:json][timeout:120];\n" + area + "\nnode(area.a)[\"man_made\"=\"surveillance\"];\nout meta;";
    }

    /// <summary>The <c>--area</c> of <c>Contrevue import osm</c> for this territory.</summary>
    public static string AreaArgument(TerritoryReference territory) =>
        territory.Kind == TerritoryKind.Departement ? $"departement:{territory.Code}" : $"commune:{territory.Code}";
}
