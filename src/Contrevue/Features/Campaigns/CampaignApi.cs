using Contrevue.Infrastructure.Documents;
using Contrevue.Features.Campaigns.Administration;
using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Campaigns.Scoreboard;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns;

public static class CampaignApi
{
    /// <summary>Set on a letter whose personal paragraph repeats another sender's word for word.</summary>
    public const string RepeatedParagraphHeader = "Contrevue-Paragraph-Repeated";

    public static RouteGroupBuilder MapCampaignApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/campaigns").WithTags("Campagnes");
        group.MapPost("/{slug}/letters", ComposeLetter)
            .WithAbuseResistance()
            .WithName("ComposeLetter")
            .WithSummary("Composer la lettre d'un expéditeur à une collectivité : PDF, DOCX ou texte");
        group.MapTrackingApi();
        group.MapScoreboardApi();
        group.MapPost("/{slug}/letter-batches", Batch.LetterBatchApi.ComposeBatch)
            .WithAbuseResistance()
            .WithName("ComposeLetterBatch")
            .WithSummary("Lettres groupées : un ZIP d'une lettre PDF par commune (département, intercommunalité ou liste) et le CSV des destinataires")
            .Produces(StatusCodes.Status200OK, contentType: Batch.LetterBatchApi.ZipContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapCampaignAdministration();
        return group;
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem, ProblemHttpResult>> ComposeLetter(
        string slug, LetterRequest request, LetterComposer composer, ParagraphFingerprints fingerprints, ExpensiveWorkLimiter limiter, IStringLocalizer<SharedResource> text, HttpContext http, CancellationToken cancellationToken)
    {
        switch (await composer.ComposeAsync(slug, request, cancellationToken))
        {
            case Composition.Composed(var letter, var format, _, var territoryName) composed:
                // Before the paragraph is counted: a sender told to come back must not find it "repeated".
                if (LetterFiles.IsRendered(format) && !await limiter.TryEnterAsync(http))
                {
                    return limiter.Busy(http);
                }
                if (await fingerprints.RecordAsync(composed.CampaignId, ParagraphFingerprints.Of(composed.CampaignId, request.PersonalParagraph!.Trim()), cancellationToken))
                {
                    http.Response.Headers[RepeatedParagraphHeader] = "true";
                }
                var file = LetterFiles.Render(letter, format, territoryName);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            case Composition.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Lettre impossible : vérifiez les champs indiqués.");
            case Composition.CampaignClosed(var title):
                return TypedResults.Conflict(new ProblemDetails { Title = text["Campagne close"], Detail = text[ClosedMessage, title], Status = 409 });
            default:
                return TypedResults.NotFound(new ProblemDetails { Title = text["Campagne introuvable"], Detail = text["Aucune campagne « {0} ».", slug], Status = 404 });
        }
    }

    public const string ClosedMessage = "Cette campagne est close : « {0} » ne reçoit plus de nouvelles lettres.";
}
