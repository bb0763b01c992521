using Contrevue.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Territories;

/// <summary>
/// The output-cache policy of territory pages and of what is shown with them: kept in memory, varied by
/// the visitor's language and by <see cref="TerritoryDataVersion"/>, evicted by <see cref="Tag"/> when a
/// feature changes what a territory page shows in this process.
/// </summary>
[Seam]
public static class TerritoryCache
{
    public const string Policy = "territory";
    public const string Tag = "territories";

    internal static void AddPolicy(OutputCacheOptions options) =>
        options.AddPolicy(Policy, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            .SetVaryByQuery("*")
            .VaryByValue(Contrevue.Infrastructure.Localization.LocalizationSetup.CacheKey)
            // An import (by this instance, another one or the CLI) or a change a feature shows with territories
            // changes the version: pages are then rendered anew within seconds instead of waiting for expiry.
            .VaryByValue(async (context, cancellationToken) => new KeyValuePair<string, string>(
                "data", await context.RequestServices.GetRequiredService<TerritoryDataVersion>().CurrentAsync(cancellationToken)))
            .Tag(Tag));
}
