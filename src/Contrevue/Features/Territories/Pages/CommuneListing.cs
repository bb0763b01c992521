namespace Contrevue.Features.Territories.Pages;

/// <summary>Paging and sorting of a territory's communes, read from the query string (?tri=…&amp;page=…).</summary>
public sealed record CommuneListing(CommunePage Page, string BasePath)
{
    public const int PageSize = 50;

    public static CommuneSort ParseSort(string? tri) => tri switch
    {
        "nom-desc" => CommuneSort.NameDescending,
        "population" => CommuneSort.PopulationDescending,
        "population-asc" => CommuneSort.PopulationAscending,
        _ => CommuneSort.Name,
    };

    public static string SortKey(CommuneSort sort) => sort switch
    {
        CommuneSort.NameDescending => "nom-desc",
        CommuneSort.PopulationDescending => "population",
        CommuneSort.PopulationAscending => "population-asc",
        _ => "nom",
    };

    public string Link(CommuneSort sort, int page) =>
        $"{BasePath}?tri={SortKey(sort)}" + (page > 1 ? $"&page={page}" : "") + "#communes";
}
