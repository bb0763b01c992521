using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives.Public;
using Contrevue.Infrastructure.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Collectives.Api;

public sealed record CollectiveLinkDto(string Label, string Url);

/// <summary>A listed collective as the API gives it: territories as references (<c>42218</c>, <c>departement:42</c>).</summary>
public sealed record CollectiveDto(
    int Id, string Slug, string Name, string? Description, IReadOnlyList<string> Territories,
    IReadOnlyList<CollectiveLinkDto> Links, bool Contactable, bool Listed, string Url);

/// <summary>What <c>POST</c> and <c>PUT</c> take: on a <c>PUT</c>, a missing (null) field stays as it is, except the description.</summary>
public sealed record CollectiveRequest(
    string? Name, string? Description, IReadOnlyList<string>? Territories, IReadOnlyList<CollectiveLinkRequest>? Links, bool? Listed);

public sealed record CollectiveLinkRequest(string? Label, string? Url);

public sealed record CollectiveItems(IReadOnlyList<CollectiveDto> Items);

public static class CollectiveApi
{
    public static RouteGroupBuilder MapCollectiveApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/collectives").WithTags("Collectifs");
        group.MapGet("", List).CacheOutput(CollectivesCache.Policy)
            .WithName("ListCollectives").WithSummary("Les collectifs inscrits à l'annuaire (filtre territory=42218 ou departement:42, q=mots)");
        group.MapGet("/{id:int}", Get).CacheOutput(CollectivesCache.Policy)
            .WithName("GetCollective").WithSummary("Un collectif inscrit à l'annuaire");
        group.MapPost("", Create).RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireRole(Roles.Admin))
            .WithName("CreateCollective").WithSummary("Créer un collectif (administration)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Member)
            .WithName("UpdateCollective").WithSummary("Modifier le profil public d'un collectif (ses membres ; le nom et les territoires : l'administration)");
        return group;
    }

    public static async Task<Results<Ok<CollectiveItems>, ValidationProblem>> List(
        [FromQuery] string? territory, [FromQuery] string? q, CollectiveCoverage coverage, IStringLocalizer<SharedResource> text, HttpContext context, CancellationToken cancellationToken)
    {
        List<ListedCollective> collectives;
        if (!string.IsNullOrWhiteSpace(territory))
        {
            if (!Territories.TerritoryReference.TryParse(territory.Trim(), out var reference))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["territory"] = [text["Territoire inconnu : {0}.", territory]] },
                    title: text["Requête refusée : vérifiez les paramètres indiqués."]);
            }
            collectives = await coverage.CoveringAsync(reference.Value, cancellationToken);
        }
        else
        {
            collectives = await coverage.ListedAsync(cancellationToken);
        }
        if (q is { Length: > Public.DirectoryModel.MaxSearchLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [text["La recherche ne peut pas dépasser {0} caractères.", Public.DirectoryModel.MaxSearchLength]] },
                title: text["Requête refusée : vérifiez les paramètres indiqués."]);
        }
        var links = await coverage.LinksAsync(collectives.Select(c => c.Id).ToList(), cancellationToken);
        var site = context.RequestServices.GetRequiredService<Infrastructure.Web.SiteAddress>().Of(context.Request);
        return TypedResults.Ok(new CollectiveItems([.. CollectiveCoverage.Matching(collectives, q)
            .Select(c => AsDto(c.Id, c.Name, c.Description, c.Territories, links.GetValueOrDefault(c.Id) ?? [], c.Contactable, listed: true, site))]));
    }

    public static async Task<Results<Ok<CollectiveDto>, NotFound<ProblemDetails>>> Get(
        int id, ClaimsPrincipal user, CollectiveService collectives, CollectiveCoverage coverage, HttpContext context, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var collective = await collectives.FindAsync(id, cancellationToken);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        // An unlisted collective exists only for its members and the admins.
        if (collective is null || (!collective.Listed && !user.IsInRole(Roles.Admin) && collective.Members.All(m => m.UserId != userId)))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = text["Collectif introuvable"], Status = 404 });
        }
        var contactable = await coverage.IsContactableAsync(id, cancellationToken);
        var site = context.RequestServices.GetRequiredService<Infrastructure.Web.SiteAddress>().Of(context.Request);
        return TypedResults.Ok(AsDto(collective, contactable, site));
    }

    public static async Task<Results<Created<CollectiveDto>, ValidationProblem>> Create(
        CollectiveRequest input, ClaimsPrincipal user, CollectiveService collectives, HttpContext context, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        switch (await collectives.CreateAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, InputOf(input), cancellationToken))
        {
            case CollectiveChange.Saved(var collective):
                var site = context.RequestServices.GetRequiredService<Infrastructure.Web.SiteAddress>().Of(context.Request);
                return TypedResults.Created($"/api/v1/collectives/{collective.Id}", AsDto(collective, contactable: false, site));
            case CollectiveChange.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: text["Collectif refusé : vérifiez les champs indiqués."]);
            default:
                throw new InvalidOperationException("Création sans collectif.");
        }
    }

    public static async Task<Results<Ok<CollectiveDto>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> Update(
        int id, CollectiveRequest input, ClaimsPrincipal user, CollectiveService collectives, CollectiveCoverage coverage, HttpContext context, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var change = await collectives.UpdateAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.IsInRole(Roles.Admin), InputOf(input), cancellationToken);
        switch (change)
        {
            case CollectiveChange.Saved(var collective):
                var contactable = await coverage.IsContactableAsync(id, cancellationToken);
                var site = context.RequestServices.GetRequiredService<Infrastructure.Web.SiteAddress>().Of(context.Request);
                return TypedResults.Ok(AsDto(collective, contactable, site));
            case CollectiveChange.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: text["Collectif refusé : vérifiez les champs indiqués."]);
            case CollectiveChange.Forbidden(var reason):
                return TypedResults.Problem(title: text["Modification refusée"], detail: reason, statusCode: StatusCodes.Status403Forbidden);
            default:
                return TypedResults.NotFound(new ProblemDetails { Title = text["Collectif introuvable"], Status = 404 });
        }
    }

    private static CollectiveInput InputOf(CollectiveRequest input) =>
        new(input.Name, input.Description, input.Territories, input.Links?.Select(l => new CollectiveLinkInput(l?.Label, l?.Url)).ToList(), input.Listed);

    private static CollectiveDto AsDto(Collective collective, bool contactable, string site) =>
        AsDto(collective.Id, collective.Name, collective.Description, [.. collective.Territories.Select(t => t.Territory)],
            [.. collective.Links.OrderBy(l => l.Position)], contactable, collective.Listed, site);

    private static CollectiveDto AsDto(int id, string name, string? description, IReadOnlyList<Territories.TerritoryReference> territories,
        IReadOnlyList<CollectiveLink> links, bool contactable, bool listed, string site) =>
        new(id, Infrastructure.Text.SearchText.Slug(name), name, description,
            [.. territories.Select(t => t.Kind == Territories.TerritoryKind.Commune ? t.Code : t.ToString())],
            [.. links.Select(l => new CollectiveLinkDto(l.Label, l.Url))], contactable, listed,
            $"{site.TrimEnd('/')}{CollectiveDirectory.ProfilePath(id, name)}");
}
