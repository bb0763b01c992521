using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Territories.Mentions;

public sealed record TerritoryMentionsRequest(string? Text);

public sealed record TerritoryMentionsDto(IReadOnlyList<TerritoryMention> Mentions);

/// <summary>
/// <c>POST /api/v1/territory-mentions</c>: the territories a text mentions, for reviewers' tools and for
/// measuring. Open to anyone like the other reads of the territory data (it reads nothing private and
/// writes nothing); a POST because an article does not fit in a query string. Limited per client
/// (<see cref="TerritoryMentionsRateLimit"/>) and to <see cref="MaxTextLength"/> characters.
/// </summary>
public static class TerritoryMentionsApi
{
    public const int MaxTextLength = 20_000;

    public static RouteHandlerBuilder MapTerritoryMentionsApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/v1/territory-mentions", Suggest)
            .WithTags("Territoires")
            .WithName("SuggestTerritoryMentions")
            .WithSummary("Les territoires (communes, départements, régions) qu'un texte mentionne")
            .WithDescription("Corps : { \"text\": \"…\" } (au plus 20 000 caractères). Chaque mention donne le texte trouvé et la référence du territoire "
                + "(code INSEE d'une commune, departement:93, region:84), ou, pour un nom ambigu, territory à null et la liste des candidats. "
                + "L'en-tête Server-Timing donne le temps de la recherche.")
            .Accepts<TerritoryMentionsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(TerritoryMentionsRateLimit.Policy);

    public static async Task<Results<Ok<TerritoryMentionsDto>, ProblemHttpResult>> Suggest(
        TerritoryMentionsRequest? request, TerritoryMentions mentions, IStringLocalizer<SharedResource> text, HttpContext context, CancellationToken cancellationToken)
    {
        if (request?.Text is not { } content)
        {
            return TypedResults.Problem(
                title: text["Texte manquant"],
                detail: text["Envoyez le texte à analyser dans le champ « text » : { \"text\": \"…\" }."],
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (content.Length > MaxTextLength)
        {
            return TypedResults.Problem(
                title: text["Texte trop long"],
                detail: text["Le texte ne peut pas dépasser {0} caractères (il en a {1}).", MaxTextLength.ToString("N0", CultureInfo.GetCultureInfo("fr-FR")), content.Length],
                statusCode: StatusCodes.Status400BadRequest);
        }
        // The names are loaded before the clock starts: Server-Timing is the time to suggest, not to load.
        await mentions.IndexAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var found = await mentions.FindAsync(content, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"mentions;dur={elapsed:0.###}");
        return TypedResults.Ok(new TerritoryMentionsDto(found));
    }
}
