using System.Threading.RateLimiting;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.RateLimiting;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Sign-in attempts per client (an IPv4 address or an IPv6 /64, as for public writes): this limits
/// guessing, with the per-account slowdown of <see cref="SignInSlowdown"/>; there is no lockout on
/// wrong passwords. The client address is never logged and only stored as a keyed hash: the count is
/// the shared <see cref="WindowCounterRateLimiter"/>'s, so ten attempts a minute hold across instances.
/// </summary>
public static class AccountRateLimits
{
    public const string SignIn = "sign-in";

    public static void Configure(RateLimiterOptions options)
    {
        options.AddPolicy(SignIn, context =>
            HttpMethods.IsPost(context.Request.Method)
                ? WindowCounterRateLimiter.Partition(context, SignIn,
                    PublicWriteLimiter.ClientKey(context.Connection.RemoteIpAddress), permits: 10, TimeSpan.FromMinutes(1))
                : RateLimitPartition.GetNoLimiter("read"));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, cancellationToken) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "60";
            context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
            await context.HttpContext.Response.WriteAsync("Trop de tentatives : réessayez dans une minute.", cancellationToken);
        };
    }
}
