using Contrevue.Infrastructure.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Tests.Infrastructure.Caching;

/// <summary>Pages cached in the same minute do not all expire in the same second.</summary>
public sealed class SpreadExpiryTests
{
    [Fact]
    public async Task Lifetimes_are_spread_over_the_last_quarter_of_the_policy_lifetime()
    {
        var lifetime = TimeSpan.FromMinutes(10);
        IOutputCachePolicy policy = new PublicPageCache.SpreadExpiry();
        var given = new List<TimeSpan>();
        for (var i = 0; i < 400; i++)
        {
            // As the policy's Expire(lifetime) leaves it.
            var context = new OutputCacheContext { HttpContext = new DefaultHttpContext(), ResponseExpirationTimeSpan = lifetime };
            await policy.CacheRequestAsync(context, CancellationToken.None);
            given.Add(context.ResponseExpirationTimeSpan!.Value);
        }

        Assert.All(given, each => Assert.InRange(each, TimeSpan.FromSeconds(450), lifetime));
        // Spread, not one value: over 400 draws, both halves of the range are used.
        Assert.Contains(given, each => each < TimeSpan.FromSeconds(500));
        Assert.Contains(given, each => each > TimeSpan.FromSeconds(550));
        Assert.True(given.Distinct().Count() > 300);
    }
}
