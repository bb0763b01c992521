using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// <see cref="AbuseCheck"/> for JSON endpoints: no honeypot (no form); an optional proof of work in the
/// <c>Contrevue-Proof-Challenge</c> / <c>Contrevue-Proof-Solution</c> headers, the challenge from
/// <c>GET /api/v1/proof-of-work</c>.
/// </summary>
public sealed class AbuseEndpointFilter(AbuseCheck check, IStringLocalizer<SharedResource> text) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var verdict = await check.CheckAsync(http, honeypot: null,
            http.Request.Headers[AbuseCheck.ChallengeHeader].ToString(),
            http.Request.Headers[AbuseCheck.SolutionHeader].ToString());
        switch (verdict.Outcome)
        {
            case AbuseOutcome.InvalidProof:
                return TypedResults.Problem(
                    title: text[AbuseCheck.InvalidProofTitle], detail: text[AbuseCheck.InvalidProofDetail],
                    statusCode: StatusCodes.Status400BadRequest);
            case AbuseOutcome.TooManyRequests:
                http.Response.Headers.RetryAfter = verdict.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    title: text[AbuseCheck.TooManyTitle], detail: text[AbuseCheck.TooManyDetail, verdict.RetryAfterSeconds],
                    statusCode: StatusCodes.Status429TooManyRequests);
            default:
                return await next(context);
        }
    }
}

/// <summary>Marks an endpoint as a public write: its body is capped at <c>Abuse:MaxBodyBytes</c>.</summary>
public interface IPublicWriteMetadata;

public sealed class PublicWriteMetadata : IPublicWriteMetadata;

public static class AbuseEndpointExtensions
{
    /// <summary>Body size cap, honeypot-less abuse check and per-client rate limit on a public write.</summary>
    public static TBuilder WithAbuseResistance<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicWriteMetadata()).AddEndpointFilter<TBuilder, AbuseEndpointFilter>();
}
