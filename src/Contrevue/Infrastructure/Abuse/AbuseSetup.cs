using Contrevue.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Abuse;

public sealed record ProofOfWorkChallengeDto(string Challenge, int DifficultyBits, DateTimeOffset ExpiresAt);

/// <summary>
/// Abuse resistance of public writes (proof of work, honeypot, per-client limits, body size), and
/// French problem details instead of 500s for bodies the server cannot read.
/// </summary>
public static class AbuseSetup
{
    public const string BadRequestTitle = "Requête invalide";
    public const string BadRequestDetail = "Le contenu envoyé n'a pas pu être lu : il doit être du JSON valide en UTF-8, avec les types attendus.";
    public const string TooLargeTitle = "Contenu trop volumineux";
    public const string TooLargeDetail = "Le contenu envoyé dépasse la taille permise ({0} Kio).";
    public const string UnsupportedTypeTitle = "Type de contenu non pris en charge";
    public const string TooManyRequestsTitle = "Trop de requêtes";

    public static WebApplicationBuilder AddAbuseResistance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AbuseOptions>().Bind(builder.Configuration.GetSection(AbuseOptions.Section));
        builder.Services.AddMemoryCache();
        if (DatabaseSetup.ReadProvider(builder.Configuration) == DatabaseProvider.Postgres)
        {
            // Several instances may share the database: they count and remember spent challenges in it.
            builder.Services.AddSingleton<SharedKeyHasher>();
            builder.Services.AddSingleton<IWindowCounter, PostgresWindowCounter>();
            builder.Services.AddSingleton<ISpentChallenges, PostgresSpentChallenges>();
            builder.Services.AddHostedService<SharedStateCleanup>();
        }
        else
        {
            // SQLite is one file on one machine: one instance, whose memory is enough.
            builder.Services.AddSingleton<IWindowCounter, MemoryWindowCounter>();
            builder.Services.AddSingleton<ISpentChallenges, MemorySpentChallenges>();
        }
        builder.Services.AddSingleton<ProofOfWork>();
        builder.Services.AddSingleton<PublicWriteLimiter>();
        builder.Services.AddSingleton<ClientHasher>();
        builder.Services.AddSingleton<AbuseCheck>();
        builder.Services.AddOptions<ExpensiveWorkOptions>().Bind(builder.Configuration.GetSection(ExpensiveWorkOptions.Section));
        builder.Services.AddSingleton<ExpensiveWorkLimiter>();
        builder.Services.AddProblemDetails(options =>
        {
            var previous = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                LocalizeGenericTitle(context);
            };
        });
        return builder;
    }

    /// <summary>After routing (the endpoint's metadata decides the body cap), before the endpoints.</summary>
    public static WebApplication UseAbuseResistance(this WebApplication app)
    {
        app.Use(LimitBodies);
        app.MapGet("/api/v1/proof-of-work", IssueChallenge)
            .WithTags("Anti-abus")
            .WithName("GetProofOfWorkChallenge")
            .WithSummary("Un défi de preuve de travail, facultatif, pour les envois publics (en-têtes Contrevue-Proof-Challenge et Contrevue-Proof-Solution)");
        return app;
    }

    public static Ok<ProofOfWorkChallengeDto> IssueChallenge(ProofOfWork proofOfWork, IOptions<AbuseOptions> options, TimeProvider time, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ProofOfWorkChallengeDto(proofOfWork.Issue(), options.Value.ProofOfWorkBits, time.GetUtcNow() + proofOfWork.Validity));
    }

    private static async Task LimitBodies(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IPublicWriteMetadata>() is not null)
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<AbuseOptions>>().Value.MaxBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await WriteProblem(context, StatusCodes.Status413PayloadTooLarge);
                return;
            }
            // Bodies without a length (chunked) are cut by the server as they arrive.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // The client sent what the server cannot read (too large, truncated, malformed form):
            // its fault, a 4xx, not an error of ours.
            context.Response.Clear();
            await WriteProblem(context, exception.StatusCode);
        }
    }

    private static async Task WriteProblem(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status },
        });
    }

    /// <summary>
    /// Problem details written by the framework or the status code pages carry English reason phrases;
    /// the client errors a public write can meet get French (or English) titles and a hint.
    /// </summary>
    private static void LocalizeGenericTitle(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title is not null && problem.Title != Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)
            && problem.Title != DefaultTitle(status))
        {
            return;
        }
        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var limit = context.HttpContext.RequestServices.GetRequiredService<IOptions<AbuseOptions>>().Value.MaxBodyBytes;
        switch (status)
        {
            case StatusCodes.Status400BadRequest:
                problem.Title = text[BadRequestTitle];
                problem.Detail ??= text[BadRequestDetail];
                break;
            case StatusCodes.Status413PayloadTooLarge:
                problem.Title = text[TooLargeTitle];
                problem.Detail ??= text[TooLargeDetail, limit / 1024];
                break;
            case StatusCodes.Status415UnsupportedMediaType:
                problem.Title = text[UnsupportedTypeTitle];
                break;
            case StatusCodes.Status429TooManyRequests:
                problem.Title = text[TooManyRequestsTitle];
                break;
        }
    }

    /// <summary>The titles <c>ProblemDetailsDefaults</c> fills in (RFC 9110 wording).</summary>
    private static string? DefaultTitle(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status413PayloadTooLarge => "Content Too Large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
        StatusCodes.Status429TooManyRequests => "Too Many Requests",
        _ => null,
    };
}
