using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Observatoire;

/// <summary>
/// Output-cache policies of the observatoire's public pages, API lists and feeds (<see cref="PublicPageCache"/>):
/// a dossier's page is evicted by a change of that dossier, lists by a change of any dossier
/// (<see cref="DossierService.PublishedAsync"/>), everything by a change that touches many (vendors, demo data).
/// </summary>
public static class ObservatoireCache
{
    /// <summary>Pages and documents that list or count dossiers: the list, search, statistics, vendors, feeds.</summary>
    public const string Policy = "observatoire";
    /// <summary>A dossier's own page, tagged with <see cref="DossierTag"/> by the page.</summary>
    public const string DossierPolicy = "observatoire-dossier";

    /// <summary>Every observatoire page.</summary>
    public const string AllTag = "observatoire";
    public const string ListsTag = "dossier-lists";

    public static string DossierTag(int id) => $"dossier:{id}";

    /// <summary>The dossier a tag of <see cref="DossierTag"/> names, or null for any other tag.</summary>
    public static int? DossierIdOf(string tag) =>
        tag.StartsWith("dossier:", StringComparison.Ordinal)
        && int.TryParse(tag.AsSpan("dossier:".Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>
    /// Without writes a page stays as long as this; writes evict what they change at once, in every
    /// instance, and this bounds what an instance that missed an eviction can show.
    /// </summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    internal static void AddPolicies(OutputCacheOptions options)
    {
        PublicPageCache.AddPolicy(options, Policy, Lifetime, AllTag, ListsTag);
        PublicPageCache.AddPolicy(options, DossierPolicy, Lifetime, AllTag);
    }
}
