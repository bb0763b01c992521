using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.OpenData.Pages;

/// <summary>
/// <c>/donnees</c>: every dataset with its schema, licence and files (size, SHA-256, date) from the last dump,
/// the API, and the changelog.
/// </summary>
public sealed class IndexModel(IEnumerable<IOpenDataset> datasets, OpenDataDumper dumper) : PageModel
{
    public sealed record DatasetView(IOpenDataset Dataset, IReadOnlyList<OpenDataFile> Files);

    public IReadOnlyList<DatasetView> Datasets { get; private set; } = [];
    public OpenDataManifest? Manifest { get; private set; }

    public void OnGet()
    {
        Manifest = dumper.Current;
        Datasets = [.. datasets.OrderBy(d => d.Order).ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new DatasetView(d, Manifest?.Files.Where(f => f.Dataset == d.Name).ToList() ?? []))];
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} o",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} Kio",
        _ => $"{bytes / (1024.0 * 1024):0.#} Mio",
    };
}
