using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Observatoire.Statistics;

public sealed record CountOf<T>(T Key, int Count);

public sealed record VendorCount(string Slug, string Name, int Count)
{
    public string Path => $"/observatoire/fournisseurs/{Slug}";
}

/// <summary>Visible dossiers counted every way the statistics page shows them.</summary>
public sealed record ObservatoireStatistics(
    int Total,
    int Fictional,
    IReadOnlyList<CountOf<Technology>> ByTechnology,
    IReadOnlyList<CountOf<DossierStatus>> ByStatus,
    IReadOnlyList<CountOf<DossierFlag>> ByFlag,
    IReadOnlyDictionary<string, int> ByDepartement,
    int WithoutDepartement,
    IReadOnlyList<VendorCount> TopVendors,
    IReadOnlyList<CountOf<int>> ByFirstYear,
    int WithoutDate)
{
    public const int VendorCount = 20;
}

/// <summary>
/// Every number is a GROUP BY or a COUNT in the database: the page stays fast with tens of
/// thousands of dossiers. Hidden dossiers are never counted.
/// </summary>
public sealed class ObservatoireStatisticsQueries(ContrevueDbContext db, FlagContext flags)
{
    private IQueryable<Dossier> Visible => db.Set<Dossier>().AsNoTracking().Where(d => !d.IsHidden);

    public async Task<ObservatoireStatistics> ComputeAsync(CancellationToken cancellationToken)
    {
        var total = await Visible.CountAsync(cancellationToken);
        if (total == 0)
        {
            return new ObservatoireStatistics(0, 0, [], [], [], new Dictionary<string, int>(), 0, [], [], 0);
        }
        var fictional = await Visible.CountAsync(d => d.IsFictional, cancellationToken);

        // One dossier counts in each of its technologies: one cheap COUNT per bit.
        var byTechnology = new List<CountOf<Technology>>();
        foreach (var entry in ObservatoireCodes.Technologies)
        {
            var bit = entry.Value;
            byTechnology.Add(new(bit, await Visible.CountAsync(d => (d.Technologies & bit) != 0, cancellationToken)));
        }

        var statusCounts = await Visible.GroupBy(d => d.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var byStatus = ObservatoireCodes.Statuses.Select(s => new CountOf<DossierStatus>(s.Value, statusCounts.GetValueOrDefault(s.Value))).ToList();

        var byFlag = new List<CountOf<DossierFlag>>();
        foreach (var entry in ObservatoireCodes.Flags)
        {
            byFlag.Add(new(entry.Value, await Visible.WithFlag(entry.Value, flags.Today, flags.JoExperimentationEndsOn).CountAsync(cancellationToken)));
        }

        var byDepartement = await Visible.Where(d => d.DepartementCode != null)
            .GroupBy(d => d.DepartementCode!)
            .Select(g => new { Code = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Code, g => g.Count, cancellationToken);

        var topVendors = await (
                from link in db.Set<DossierVendor>()
                join dossier in Visible on link.DossierId equals dossier.Id
                group link by link.VendorId into g
                select new { VendorId = g.Key, Count = g.Count() })
            .OrderByDescending(v => v.Count).ThenBy(v => v.VendorId)
            .Take(ObservatoireStatistics.VendorCount)
            .ToListAsync(cancellationToken);
        var vendorIds = topVendors.Select(v => v.VendorId).ToList();
        var vendors = await db.Set<Vendor>().AsNoTracking().Where(v => vendorIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => (v.Slug, v.Name), cancellationToken);
        var vendorCounts = topVendors
            .Select(v => new VendorCount(vendors[v.VendorId].Slug, vendors[v.VendorId].Name, v.Count))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Name, StringComparer.CurrentCulture)
            .ToList();

        // The year a dossier first appears in its timeline: when the project became known.
        var byFirstYear = await Visible
            .Select(d => d.StatusChanges.Min(c => (DateOnly?)c.On))
            .Where(first => first != null)
            .GroupBy(first => first!.Value.Year)
            .Select(g => new { Year = g.Key, Count = g.Count() })
            .OrderBy(g => g.Year)
            .ToListAsync(cancellationToken);

        return new ObservatoireStatistics(
            total,
            fictional,
            byTechnology,
            byStatus,
            byFlag,
            byDepartement,
            total - byDepartement.Values.Sum(),
            vendorCounts,
            byFirstYear.Select(y => new CountOf<int>(y.Year, y.Count)).ToList(),
            total - byFirstYear.Sum(y => y.Count));
    }
}
