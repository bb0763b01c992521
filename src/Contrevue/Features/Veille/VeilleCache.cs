using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Veille;

/// <summary>
/// Output-cache policies of the news watch's public pages, API reads and Atom feeds (<see cref="PublicPageCache"/>):
/// every addition, change or deletion evicts them all, since an article may show in any list, filter or feed. The
/// territory pages are evicted one by one: each tags itself with <see cref="TerritoryTag"/> when it shows (or may
/// show) « Dans la presse », and a write evicts the tags of the territories it concerned and now concerns.
/// </summary>
public static class VeilleCache
{
    public const string Policy = "veille";
    /// <summary>The Atom feeds: one cached feed per territory, tag and dossier asked, whatever else the query says.</summary>
    public const string FeedPolicy = "veille-feeds";
    public const string AllTag = "veille";

    /// <summary>A safety net only: writes evict at once.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The tag of a territory page's « Dans la presse »: « veille-territoire:commune:42218 ».</summary>
    public static string TerritoryTag(Territories.TerritoryReference territory) => "veille-territoire:" + territory;

    /// <summary>
    /// The territory pages an article about these territories shows on: each one's own page and, for a commune or an
    /// EPCI, the page of its département, whose « Dans la presse » lists its communes' articles too.
    /// </summary>
    public static IEnumerable<string> TerritoryTags(IEnumerable<ArticleTerritory> territories) =>
        territories.SelectMany(t => t.DepartementCode is { } departement
                ? new[] { TerritoryTag(t.Reference), TerritoryTag(new(Territories.TerritoryKind.Departement, departement)) }
                : [TerritoryTag(t.Reference)])
            .Distinct(StringComparer.Ordinal);

    internal static void AddPolicies(OutputCacheOptions options)
    {
        PublicPageCache.AddPolicy(options, Policy, Lifetime, AllTag);
        PublicPageCache.AddPolicy(options, FeedPolicy, Lifetime, queryKeys: [.. VeilleFeed.QueryKeys], AllTag);
    }
}
