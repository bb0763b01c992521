using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Veille;

/// <summary>
/// Additions of articles per account (a member's script or a leaked token must not flood the news watch),
/// counted by the shared <see cref="IWindowCounter"/> so the allowance holds across instances.
/// </summary>
public static class VeilleRateLimits
{
    public const string Articles = "veille-articles";
    public const int Permits = 60;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public static void Configure(RateLimiterOptions options) =>
        options.AddPolicy(Articles, new PerAccountPolicy());

    private sealed class PerAccountPolicy : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext context) =>
            WindowCounterRateLimiter.Partition(context, Articles, PartitionKey(context), Permits, Window);

        private static string PartitionKey(HttpContext context) =>
            context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account
                ? "account:" + account
                : "client:" + PublicWriteLimiter.ClientKey(context.Connection.RemoteIpAddress);

        private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                : (int)Window.TotalSeconds;
            var http = context.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Trop d'envois",
                    Detail = string.Format(CultureInfo.InvariantCulture, "Trop d'articles ajoutés en peu de temps : réessayez dans {0} secondes.", seconds),
                },
            });
        }
    }
}
