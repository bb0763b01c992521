using Contrevue.Features.Territories;
using System.Globalization;
using Contrevue.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Listing.Pages;

/// <summary>The observatoire's list of dossiers: a GET form of filters, results paged by offset.</summary>
[OutputCache(PolicyName = ObservatoireCache.Policy)]
public sealed class DossierListModel(DossierListQuery list, DepartementNames departements, FlagContext flags) : PageModel
{
    public const int PageSize = 20;
    public const string Path = "/observatoire";

    public DossierListRequest Filters { get; private set; } = new();
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public DossierPage? Results { get; private set; }
    public DossierSort Sort { get; private set; } = DossierSort.Recent;
    public IReadOnlyList<(string Code, string Name)> Departements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Filters = DossierListRequest.FromQuery(Request.Query);
        Departements = await departements.AllAsync(cancellationToken);
        var parsed = await list.ParseAsync(Filters, DossierSort.Recent, cancellationToken);
        if (parsed.Criteria is null)
        {
            Errors = parsed.Errors;
            return;
        }
        Sort = parsed.Criteria.Sort;
        var page = int.TryParse(Request.Query["page"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 1;
        Results = await list.PageAsync(parsed.Criteria, page, PageSize, cancellationToken);
    }

    public DossierFlag FlagsOf(Dossier dossier) => flags.Of(dossier);

    public bool HasError(string parameter) => Errors.ContainsKey(parameter);

    public string PageLink(int page) => Path + QueryString.Create(
        Filters.Parameters().Concat(page > 1 ? [KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture))] : []));

    /// <summary>The same selection as CSV, in the order shown.</summary>
    public string CsvLink => "/api/v1/dossiers.csv" + QueryString.Create(
        Filters.Parameters().Where(p => p.Key != "sort").Append(KeyValuePair.Create("sort", (string?)DossierListQuery.SortCode(Sort))));

    public bool HasFilters => Filters.Parameters().Any(p => p.Key != "sort");

    /// <summary>A criterion beyond the search words (the criteria's panel then opens by itself).</summary>
    public bool HasCriteria => Filters.Parameters().Any(p => p.Key is not ("q" or "commune" or "region"));

    /// <summary>Page numbers around the current one, with the first and last; null marks a gap.</summary>
    public IReadOnlyList<int?> PageNumbers()
    {
        if (Results is not { PageCount: > 1 } results)
        {
            return [];
        }
        var numbers = new List<int?>();
        for (var n = 1; n <= results.PageCount; n++)
        {
            if (n == 1 || n == results.PageCount || Math.Abs(n - results.Page) <= 2)
            {
                numbers.Add(n);
            }
            else if (numbers[^1] is not null)
            {
                numbers.Add(null);
            }
        }
        return numbers;
    }
}
