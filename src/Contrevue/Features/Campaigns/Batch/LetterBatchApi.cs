using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Contrevue.Features.Campaigns.Batch;

public static class LetterBatchApi
{
    public const string ZipContentType = "application/zip";

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>, ValidationProblem>> ComposeBatch(
        string slug, LetterBatchRequest request, LetterBatchComposer composer, CancellationToken cancellationToken)
    {
        switch (await composer.ComposeAsync(slug, request, cancellationToken))
        {
            case BatchComposition.Composed(var zip, var fileName, _):
                return TypedResults.File(zip, ZipContentType, fileName);
            case BatchComposition.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Lettres groupées impossibles : vérifiez les champs indiqués.");
            default:
                return TypedResults.NotFound(new ProblemDetails { Title = "Campagne introuvable", Detail = $"Aucune campagne « {slug} ».", Status = 404 });
        }
    }
}
