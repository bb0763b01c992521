using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Infrastructure.Web;

/// <summary>
/// Output-cache settings shared by the whole site, and the policy of reference documents. A feature
/// whose pages are cached adds its own policy from its setup (<c>services.Configure&lt;OutputCacheOptions&gt;</c>),
/// next to what evicts it.
/// </summary>
public static class CachePolicies
{
    public const string Reference = "reference";

    public static void Configure(OutputCacheOptions options)
    {
        options.SizeLimit = 256 * 1024 * 1024;
        options.AddPolicy(Reference, policy => policy.Expire(TimeSpan.FromHours(1)));
    }
}
