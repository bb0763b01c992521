using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Infrastructure.Files;

/// <summary>
/// Uploads and snapshots per account (they need a token, so an account is accountable; the limit stops
/// a leaked token or a runaway script from filling the database). The partition key is the account's
/// id; a request without one is partitioned by client address, never logged and only stored as a keyed
/// hash. Counted by the shared <see cref="IWindowCounter"/>, so the allowance holds across instances.
/// </summary>
public static class FileRateLimits
{
    public const string Uploads = "observatoire-uploads";
    public const string Snapshots = "observatoire-snapshots";

    public static void Configure(RateLimiterOptions options)
    {
        options.AddPolicy(Uploads, new PerAccountPolicy(Uploads, permits: 30, TimeSpan.FromMinutes(10),
            "Trop de fichiers envoyés en peu de temps : réessayez dans {0} secondes."));
        options.AddPolicy(Snapshots, new PerAccountPolicy(Snapshots, permits: 10, TimeSpan.FromMinutes(10),
            "Trop de captures demandées en peu de temps : réessayez dans {0} secondes."));
    }

    private sealed class PerAccountPolicy(string name, int permits, TimeSpan window, string detail) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext context) =>
            WindowCounterRateLimiter.Partition(context, name, PartitionKey(context), permits, window);

        private static string PartitionKey(HttpContext context) =>
            context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account
                ? "account:" + account
                : "client:" + PublicWriteLimiter.ClientKey(context.Connection.RemoteIpAddress);

        private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                : (int)window.TotalSeconds;
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
                    Detail = string.Format(CultureInfo.InvariantCulture, detail, seconds),
                },
            });
        }
    }
}
