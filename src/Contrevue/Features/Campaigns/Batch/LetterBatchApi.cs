using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Batch;

public static class LetterBatchApi
{
    public const string ZipContentType = LetterBatchZip.ContentType;

    /// <summary>Threads one batch renders with, at most: more would take the cores pages are served on.</summary>
    public const int MaxParallelism = 2;

    public static async Task<IResult> ComposeBatch(
        string slug, LetterBatchRequest request, LetterBatchComposer composer, ExpensiveWorkLimiter limiter,
        IStringLocalizer<SharedResource> text, HttpContext http, CancellationToken cancellationToken)
    {
        switch (await composer.ComposeAsync(slug, request, LetterBatchComposer.MayAskForMore(http.User), cancellationToken))
        {
            case BatchComposition.Planned(var plan):
                var parallelism = Parallelism(limiter);
                return await limiter.TryEnterAsync(http, parallelism)
                    ? new LetterBatchZip(plan, parallelism)
                    : limiter.Busy(http);
            case BatchComposition.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Lettres groupées impossibles : vérifiez les champs indiqués.");
            case BatchComposition.OverPublicLimit(var limit):
                return TypedResults.Problem(
                    title: text[LetterBatchComposer.PublicLimitTitle],
                    detail: text[LetterBatchComposer.PublicLimitDetail, limit, LetterBatchComposer.FormatCount(LetterBatchComposer.MaxCommunes)],
                    statusCode: StatusCodes.Status403Forbidden);
            default:
                return TypedResults.NotFound(new ProblemDetails { Title = text["Campagne introuvable"], Detail = text["Aucune campagne « {0} ».", slug], Status = 404 });
        }
    }

    /// <summary>A batch takes one permit per thread it renders with.</summary>
    public static int Parallelism(ExpensiveWorkLimiter limiter) => Math.Min(MaxParallelism, limiter.Capacity);
}
