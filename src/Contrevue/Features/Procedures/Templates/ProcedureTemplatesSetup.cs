using Contrevue.Infrastructure.Documents;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Contrevue.Features.Procedures.Templates;

/// <summary>The procedure letter templates: a public page (/procedures/modeles) and its API.</summary>
public static class ProcedureTemplatesSetup
{
    public static IServiceCollection AddProcedureTemplates(this IServiceCollection services)
    {
        services.AddSingleton<ProcedureLetters>();
        return services;
    }

    public static IEndpointRouteBuilder MapProcedureTemplates(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/procedure-letters", ComposeLetter)
            .WithTags("Procédures")
            .WithAbuseResistance()
            .WithName("ComposeProcedureLetter")
            .WithSummary("Modèles de lettres de procédure : demande CADA, saisine de la CADA, recours gracieux, brouillon de plainte CNIL — en PDF, DOCX ou texte");
        return endpoints;
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ComposeLetter(
        ProcedureLetterInput input, ProcedureLetters letters, ExpensiveWorkLimiter limiter, HttpContext http)
    {
        switch (letters.Compose(input.Template, input))
        {
            case ProcedureLetterResult.Composed(var letter, var format, var stem):
                if (LetterFiles.IsRendered(format) && !await limiter.TryEnterAsync(http))
                {
                    return limiter.Busy(http);
                }
                var file = LetterFiles.Render(letter, format, stem);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            case ProcedureLetterResult.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Lettre impossible : vérifiez les champs indiqués.");
            default:
                throw new InvalidOperationException("Unknown composition result.");
        }
    }
}
