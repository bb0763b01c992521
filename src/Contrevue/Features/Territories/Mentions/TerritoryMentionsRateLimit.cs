using System.Globalization;
using System.Threading.RateLimiting;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Territories.Mentions;

/// <summary>
/// Requests to <see cref="TerritoryMentionsApi"/> per client (an IPv4 address or an IPv6 /64, kept only as a
/// keyed hash), counted by the shared <see cref="IWindowCounter"/> so that the allowance holds across
/// instances: enough for a reviewer's tool, not for scraping the CPU. <c>TerritoryMentions:PermitsPerMinute</c>.
/// </summary>
public static class TerritoryMentionsRateLimit
{
    public const string Policy = "territory-mentions";
    public const string Section = "TerritoryMentions:PermitsPerMinute";
    public const int DefaultPermitsPerMinute = 120;

    public static void Configure(RateLimiterOptions options, IConfiguration configuration)
    {
        var permits = configuration.GetValue(Section, DefaultPermitsPerMinute);
        options.AddPolicy(Policy, new PerClientPolicy(Math.Max(1, permits)));
    }

    private sealed class PerClientPolicy(int permits) : IRateLimiterPolicy<string>
    {
        private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext context) =>
            WindowCounterRateLimiter.Partition(context, Policy, PublicWriteLimiter.ClientKey(context.Connection.RemoteIpAddress), permits, Window);

        private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : (int)Window.TotalSeconds;
            var http = context.HttpContext;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = text["Trop de requêtes"],
                    Detail = text["Trop de textes analysés en peu de temps : réessayez dans {0} secondes.", seconds],
                },
            });
        }
    }
}
