using Contrevue.Features.Territories;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Observatoire;

/// <summary>Output-cache policy of the observatoire's pages and feeds: evicted by <see cref="DossierService"/> on every dossier change.</summary>
public static class ObservatoireCache
{
    public const string Policy = "observatoire";

    internal static void AddPolicy(OutputCacheOptions options) =>
        options.AddPolicy(Policy, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            .SetVaryByQuery("*")
            .VaryByValue(context => new KeyValuePair<string, string>("culture", System.Globalization.CultureInfo.CurrentUICulture.Name))
            // Every dossier change is a revision, which the dossiers' part of the territory data version
            // follows (DossierDataVersionSource), so that version also tells other instances.
            .VaryByValue(async (context, cancellationToken) => new KeyValuePair<string, string>(
                "data", await context.RequestServices.GetRequiredService<TerritoryDataVersion>().CurrentAsync(cancellationToken)))
            .Tag(DossierService.ObservatoireCacheTag));
}
