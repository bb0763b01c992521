using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// Output-cache policies. Territory pages change only when territory data is imported (or, later,
/// moderated), so they are kept in memory and evicted by tag; they vary by the visitor's language.
/// </summary>
public static class CachePolicies
{
    public const string Territory = "territory";
    public const string Reference = "reference";
    public const string TerritoryTag = "territories";
    public const string Observatoire = "observatoire";

    public static void Configure(OutputCacheOptions options)
    {
        options.SizeLimit = 256 * 1024 * 1024;
        options.AddPolicy(Territory, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            .SetVaryByQuery("*")
            .VaryByValue(context => new KeyValuePair<string, string>("culture", System.Globalization.CultureInfo.CurrentUICulture.Name))
            // An import (by this instance, another one or the CLI) changes the version: pages are
            // then rendered anew within seconds instead of waiting for expiry.
            .VaryByValue(async (context, cancellationToken) => new KeyValuePair<string, string>(
                "data", await context.RequestServices.GetRequiredService<Features.Territories.TerritoryDataVersion>().CurrentAsync(cancellationToken)))
            .Tag(TerritoryTag));
        options.AddPolicy(Reference, policy => policy.Expire(TimeSpan.FromHours(1)));
        // Dossier lists: evicted by tag on every dossier change (DossierService.PublishedAsync); the
        // expiry bounds how long computed alerts, which depend on the date, can lag.
        options.AddPolicy(Observatoire, policy => policy
            .Expire(TimeSpan.FromMinutes(10))
            .SetVaryByQuery("*")
            .VaryByValue(context => new KeyValuePair<string, string>("culture", System.Globalization.CultureInfo.CurrentUICulture.Name))
            .Tag(Features.Observatoire.DossierService.ObservatoireCacheTag));
    }
}
