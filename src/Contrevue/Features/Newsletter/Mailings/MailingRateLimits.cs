using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>
/// Calls to the mailings API per account (a script or a leaked token must not hammer it; a test mail is a mail),
/// counted by the shared <see cref="IWindowCounter"/> so the allowance holds across instances.
/// </summary>
public static class MailingRateLimits
{
    public const string Writes = "newsletter-mailings";
    public const int Permits = 120;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public static void Configure(RateLimiterOptions options) =>
        options.AddPolicy(Writes, new PerAccountPolicy());

    private sealed class PerAccountPolicy : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext context) =>
            WindowCounterRateLimiter.Partition(context, Writes, PartitionKey(context), Permits, Window);

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
                    Detail = string.Format(CultureInfo.InvariantCulture, "Trop de requêtes sur les lettres en peu de temps : réessayez dans {0} secondes.", seconds),
                },
            });
        }
    }
}
