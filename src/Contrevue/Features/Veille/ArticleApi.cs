using System.Globalization;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille;

/// <summary>
/// The news watch for machines: the list for anyone (filtered, paged by cursor like the dossiers' list), and
/// additions by members and moderators, with a session or an API token.
/// </summary>
public static class ArticleApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxQueryLength = 200;
    private const string InvalidTitle = "Requête refusée : vérifiez les paramètres indiqués.";

    public static RouteGroupBuilder MapArticleApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/articles").WithTags("Veille");
        group.MapGet("/", List).CacheOutput(VeilleCache.Policy)
            .WithName("ListArticles")
            .WithSummary("Les articles de la veille, du plus récent au plus ancien, paginés par curseur (nextCursor)")
            .WithDescription("Filtres : territory (42218, departement:42, epci:…, region:…), tag, from/to (date de publication, AAAA-MM-JJ), " +
                "q (recherche plein texte), dossier (identifiant). limit : 1 à 200 (50 par défaut). url est l'adresse canonique (sans paramètres de suivi).");
        group.MapGet("/{id:int}", Get).CacheOutput(VeilleCache.Policy)
            .WithName("GetArticle").WithSummary("Un article de la veille");
        group.MapPost("/", Create).RequireAuthorization(Policies.Member).RequireRateLimiting(VeilleRateLimits.Articles)
            .WithName("CreateArticle")
            .WithSummary("Ajouter un article à la veille (membres et modérateurs) ; 409 si son adresse canonique est déjà celle d'un article")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Member).RequireRateLimiting(VeilleRateLimits.Articles)
            .WithName("UpdateArticle")
            .WithSummary("Modifier un article de la veille, tous ses champs (modérateurs, et le membre qui l'a ajouté) ; 409 si sa nouvelle adresse canonique est celle d'un autre article")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", Delete).RequireAuthorization(Policies.Member).RequireRateLimiting(VeilleRateLimits.Articles)
            .WithName("DeleteArticle")
            .WithSummary("Supprimer un article de la veille (modérateurs, et le membre qui l'a ajouté)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<ArticleListDocument>, ValidationProblem>> List(
        string? territory, string? tag, string? from, string? to, string? q, int? dossier, string? cursor, string? limit,
        ArticleService articles, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        TerritoryReference? reference = null;
        if (!string.IsNullOrWhiteSpace(territory))
        {
            if (TerritoryReference.TryParse(territory, out var parsed))
            {
                reference = parsed;
            }
            else
            {
                errors["territory"] = ["Territoire illisible : 42218, departement:42, epci:244200770 ou region:84."];
            }
        }
        var start = Day(from, "from", errors, text);
        var end = Day(to, "to", errors, text);
        if (start is not null && end is not null && end < start)
        {
            errors["to"] = ["La fin de la période (to) vient après son début (from)."];
        }
        var normalizedTag = ArticleTags.Normalize(tag) is { Length: > 0 } normal ? normal : null;
        if (!string.IsNullOrWhiteSpace(tag) && normalizedTag is not { Length: <= Article.MaxTagLength })
        {
            errors["tag"] = [text["Mot-clé illisible : des lettres ou des chiffres, {0} caractères au plus.", Article.MaxTagLength]];
        }
        if (q?.Length > MaxQueryLength)
        {
            errors["q"] = [text["La recherche tient en {0} caractères au plus.", MaxQueryLength]];
        }
        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors["limit"] = [text["limit est un nombre entre 1 et {0}.", MaxLimit]];
        }
        ArticleCursor? after = null;
        if (!string.IsNullOrWhiteSpace(cursor) && (after = ArticleCursor.Decode(cursor)) is null)
        {
            errors["cursor"] = ["Curseur invalide : reprenez la liste depuis le début, sans cursor."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidTitle);
        }
        var page = await articles.ListAsync(
            new ArticleQuery(Tag: normalizedTag, Territory: reference, From: start, To: end, Text: string.IsNullOrWhiteSpace(q) ? null : q, DossierId: dossier),
            after, size, cancellationToken);
        return TypedResults.Ok(new ArticleListDocument([.. page.Items.Select(a => a.AsDocument())], page.Next?.Encode()));
    }

    /// <summary>A day "2026-11-30", null when absent; recorded as an error when unreadable or out of the years served.</summary>
    internal static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors, IStringLocalizer text)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is > 1899 and < 2201)
        {
            return day;
        }
        errors[field] = [text["« {0} » s'écrit AAAA-MM-JJ : 2026-11-30.", field]];
        return null;
    }

    public static async Task<Results<Ok<ArticleDocument>, ProblemHttpResult>> Get(int id, ArticleService articles, CancellationToken cancellationToken) =>
        await articles.FindAsync(id, cancellationToken) is { } article
            ? TypedResults.Ok(article.AsDocument())
            : TypedResults.Problem(title: "Article introuvable", detail: string.Format(CultureInfo.InvariantCulture, "Aucun article n° {0} dans la veille.", id),
                statusCode: StatusCodes.Status404NotFound);

    public static async Task<Results<Created<ArticleDocument>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> Create(
        ArticleInput input, ClaimsPrincipal user, ArticleService articles, TerritoryListField territories, IStringLocalizer<SharedResource> text,
        CancellationToken cancellationToken)
    {
        var (read, problems) = await WithTerritoriesReadAsync(input, territories, text, cancellationToken);
        if (read is null)
        {
            return Invalid(new() { ["territories"] = problems });
        }
        switch (await articles.AddAsync(read, user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken))
        {
            case ArticleChange.Done(var article):
                return TypedResults.Created($"/api/v1/articles/{article.Id}", article.AsDocument());
            case ArticleChange.Duplicate duplicate:
                return Conflict(duplicate, text);
            case ArticleChange.Invalid(var errors):
                return Invalid(errors);
            default:
                throw new InvalidOperationException();
        }
    }

    public static async Task<Results<Ok<ArticleDocument>, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>, ProblemHttpResult>> Update(
        int id, ArticleInput input, ClaimsPrincipal user, ArticleService articles, TerritoryListField territories, IStringLocalizer<SharedResource> text,
        CancellationToken cancellationToken)
    {
        // Who may change it, before what they sent: a stranger learns nothing from a 400.
        if (await articles.FindAsync(id, cancellationToken) is not { } existing)
        {
            return NotFound(id);
        }
        if (!ArticleService.MayChange(existing, user))
        {
            return Forbidden();
        }
        var (read, problems) = await WithTerritoriesReadAsync(input, territories, text, cancellationToken);
        if (read is null)
        {
            return Invalid(new() { ["territories"] = problems });
        }
        return await articles.UpdateAsync(id, read, user, cancellationToken) switch
        {
            ArticleChange.Done(var article) => TypedResults.Ok(article.AsDocument()),
            ArticleChange.Duplicate duplicate => Conflict(duplicate, text),
            ArticleChange.Invalid(var errors) => Invalid(errors),
            ArticleChange.Forbidden => Forbidden(),
            _ => NotFound(id),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, ClaimsPrincipal user, ArticleService articles, CancellationToken cancellationToken) =>
        await articles.DeleteAsync(id, user, cancellationToken) switch
        {
            ArticleChange.Deleted => TypedResults.NoContent(),
            ArticleChange.Forbidden => Forbidden(),
            _ => NotFound(id),
        };

    /// <summary>The input with its territories read by name or code (« Sète », « 93 », « departement:42 »), or the problems, each naming its entry.</summary>
    private static async Task<(ArticleInput? Input, string[] Problems)> WithTerritoriesReadAsync(
        ArticleInput input, TerritoryListField territories, IStringLocalizer text, CancellationToken cancellationToken)
    {
        if (input.Territories is not { Count: > 0 } given)
        {
            return (input, []);
        }
        if (given.Count > Article.MaxTerritories)
        {
            return (null, [text["Au plus {0} territoires.", Article.MaxTerritories]]);
        }
        var read = await territories.ResolveAsync(given.Select(g => g ?? ""), cancellationToken);
        return read.IsComplete ? (input with { Territories = read.References }, []) : (null, [.. read.Problems(text)]);
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Article non enregistré : vérifiez les champs indiqués.");

    private static Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> Conflict(ArticleChange.Duplicate duplicate, IStringLocalizer text) =>
        TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = text["Article déjà dans la veille"],
            Detail = text["Cette adresse est déjà celle de l'article n° {0} « {1} » ({2}).", duplicate.ExistingId, duplicate.ExistingTitle, duplicate.ExistingPath],
            Extensions = { ["existing"] = new { id = duplicate.ExistingId, title = duplicate.ExistingTitle, page = duplicate.ExistingPath } },
        });

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(title: "Article d'un autre membre",
            detail: "Seuls les modérateurs et le membre qui a ajouté cet article peuvent le modifier ou le supprimer.", statusCode: StatusCodes.Status403Forbidden);

    private static ProblemHttpResult NotFound(int id) =>
        TypedResults.Problem(title: "Article introuvable", detail: string.Format(CultureInfo.InvariantCulture, "Aucun article n° {0} dans la veille.", id),
            statusCode: StatusCodes.Status404NotFound);
}
