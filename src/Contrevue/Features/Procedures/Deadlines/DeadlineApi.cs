using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Deadlines;

public sealed record DeadlineStepDto(string Key, DateOnly Date, string Type, string LegalBasis, string Explanation)
{
    public static DeadlineStepDto Of(DeadlineStep step) => new(step.Key, step.Date, step.Type.Code(), step.LegalBasis, step.Explanation);
}

public sealed record DeadlinesDto(string Procedure, DateOnly Start, IReadOnlyList<DeadlineStepDto> Steps);

/// <summary>A step's rule: <c>months</c> or <c>days</c> (the other is 0); <c>movedBy</c> the article that moves a last day to act off a non-working day.</summary>
public sealed record ProcedureStepDto(string Key, string Label, string? From, int Months, int Days, bool Franc, string Type, string LegalBasis, string MovedBy);

public sealed record ProcedureKindDto(string Code, string Label, string Start, IReadOnlyList<ProcedureStepDto> Steps);

public static class DeadlineApi
{
    public static RouteGroupBuilder MapDeadlineApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/deadlines").WithTags("Délais");
        group.MapGet("", GetDeadlines)
            .CacheOutput(policy => policy.Expire(TimeSpan.FromHours(1)).SetVaryByQuery("*").Tag(ExtraHolidays.CacheTag))
            .WithName("GetDeadlines")
            .WithSummary("Calculer les délais d'une procédure (CPC art. 641 et 642, CPP art. 801 pour les amendes, délai franc, jours fériés)")
            .WithDescription("procedure : code de la procédure (voir /api/v1/deadlines/procedures) ; start : date de départ AAAA-MM-JJ ; departement : code facultatif (57, 67 et 68 ajoutent le Vendredi saint et le 26 décembre).");
        group.MapGet("/procedures", ListProcedures)
            .CacheOutput(policy => policy.Expire(TimeSpan.FromHours(1)))
            .WithName("ListDeadlineProcedures")
            .WithSummary("Les procédures connues du calculateur et leurs étapes");
        return group;
    }

    public static async Task<Results<Ok<DeadlinesDto>, ValidationProblem>> GetDeadlines(
        string? procedure, string? start, string? departement, IExtraHolidaySource holidays, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (query, errors) = DeadlineQuery.Parse(procedure, start, departement, text);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Calcul impossible : vérifiez les paramètres indiqués.");
        }
        var extra = await holidays.ListAsync(cancellationToken);
        var steps = DeadlineCalculator.Compute(query.Procedure.Code, query.Start, query.Departement, extra);
        return TypedResults.Ok(new DeadlinesDto(
            query.Procedure.Code,
            query.Start,
            [.. steps.Select(DeadlineStepDto.Of)]));
    }

    public static Ok<IReadOnlyList<ProcedureKindDto>> ListProcedures() => TypedResults.Ok<IReadOnlyList<ProcedureKindDto>>(
        [.. DeadlineRules.Procedures.Select(p => new ProcedureKindDto(p.Code, p.Label, p.StartLabel,
            [.. DeadlineRules.StepsOf(p.Code).Select(r => new ProcedureStepDto(r.Key, r.Label, r.From, r.Months, r.Days, r.Franc, r.Type.Code(), r.LegalBasis, r.MoveBasis))]))]);
}
