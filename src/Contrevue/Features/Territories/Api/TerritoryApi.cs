using Contrevue.Features.Territories.Search;
using Contrevue.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Territories.Api;

public sealed record TerritoryCodeName(string Code, string Name);

public sealed record EpciRefDto(string Siren, string Name);

public sealed record CommuneDto(
    string Code,
    string Name,
    TerritoryCodeName Departement,
    TerritoryCodeName Region,
    EpciRefDto? Epci,
    int? Population,
    IReadOnlyList<string> PostalCodes,
    IReadOnlyList<string> FormerCodes,
    ContactDto? Contact);

/// <summary>A commune's verified contacts as the API gives them; <see cref="VerifiedOn"/> is yyyy-MM-dd.</summary>
[Seam]
public sealed record ContactDto(string? Mayor, string? Email, string? PostalAddress, string? Website, string? CadaOfficer, string? VerifiedOn);

/// <summary>
/// Where the territory API finds the contacts it gives with each commune: the feature that keeps
/// contacts supplies them, so that the API names no feature.
/// </summary>
[Seam]
public interface ICommuneContactSource
{
    /// <summary>The contacts of those of <paramref name="communeCodes"/> that have any, by commune code.</summary>
    Task<IReadOnlyDictionary<string, ContactDto>> FindAsync(IReadOnlyCollection<string> communeCodes, CancellationToken cancellationToken);
}

public sealed record DepartementDto(string Code, string Name, TerritoryCodeName Region, long Population, int CommuneCount);

public sealed record RegionDto(string Code, string Name, long Population, int CommuneCount);

public sealed record ItemsDto<T>(IReadOnlyList<T> Items);

public static class TerritoryMappings
{
    public static CommuneDto AsCommuneDto(this CommuneDetails commune, IReadOnlyList<string> formerCodes, ContactDto? contact = null) => new(
        commune.Code,
        commune.Name,
        new TerritoryCodeName(commune.Departement.Code, commune.Departement.Name),
        new TerritoryCodeName(commune.Region.Code, commune.Region.Name),
        commune.Epci is null ? null : new EpciRefDto(commune.Epci.Code, commune.Epci.Name),
        commune.Population,
        commune.PostalCodes,
        formerCodes,
        contact);

    public static DepartementDto AsDepartementDto(this Departement departement) => new(
        departement.Code, departement.Name,
        new TerritoryCodeName(departement.RegionCode, departement.Region?.Name ?? ""),
        departement.Population, departement.CommuneCount);

    public static RegionDto AsRegionDto(this Region region) => new(region.Code, region.Name, region.Population, region.CommuneCount);
}

public static class TerritoryApi
{
    public const int DefaultLimit = 20;

    public static RouteGroupBuilder MapTerritoryApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1")
            .WithTags("Territoires")
            .AddEndpointFilter<TerritoryETagFilter>();

        group.MapGet("/communes/{insee}", GetCommune)
            .WithName("GetCommune")
            .WithSummary("Une commune (ou un arrondissement municipal) par son code INSEE")
            .WithDescription("Un code ancien ou de commune déléguée ou associée répond 301 vers la commune actuelle.")
            .Produces(StatusCodes.Status301MovedPermanently);
        group.MapGet("/communes", SearchCommunes)
            .WithName("SearchCommunes")
            .WithSummary("Recherche de communes par nom, code postal ou code INSEE, ou liste d'un département");
        group.MapGet("/departements", ListDepartements)
            .WithName("ListDepartements")
            .WithSummary("Tous les départements");
        group.MapGet("/regions", ListRegions)
            .WithName("ListRegions")
            .WithSummary("Toutes les régions");
        return group;
    }

    public static async Task<Results<Ok<CommuneDto>, RedirectHttpResult, ProblemHttpResult>> GetCommune(
        string insee, TerritoryQueries queries, [FromServices] IEnumerable<ICommuneContactSource> contacts, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        switch (await queries.FindCommuneAsync(insee, cancellationToken))
        {
            case CommuneLookup.Found(var commune):
                var formerCodes = commune.FormerCodes.Where(f => f.Code != commune.Code).Select(f => f.Code).Distinct().ToList();
                var contact = await ContactsOfAsync(contacts, [commune.Code], cancellationToken);
                return TypedResults.Ok(commune.AsCommuneDto(formerCodes, contact.GetValueOrDefault(commune.Code)));
            case CommuneLookup.Moved(var code, _):
                return TypedResults.Redirect($"/api/v1/communes/{code}", permanent: true);
            case CommuneLookup.Split(var code, var communes):
                return TypedResults.Problem(
                    title: text["Ancienne commune partagée entre plusieurs communes"],
                    detail: text["Le code {0} correspond aujourd'hui à plusieurs communes : {1}.", code, string.Join(", ", communes.Select(c => $"{c.Name} ({c.Code})"))],
                    statusCode: StatusCodes.Status300MultipleChoices,
                    extensions: new Dictionary<string, object?> { ["communes"] = communes.Select(c => $"/api/v1/communes/{c.Code}").ToList() });
            default:
                return TypedResults.Problem(
                    title: text["Commune introuvable"],
                    detail: text["Aucune commune, actuelle ou ancienne, n'a le code INSEE « {0} ».", insee],
                    statusCode: StatusCodes.Status404NotFound);
        }
    }

    public static async Task<Results<Ok<ItemsDto<CommuneDto>>, ProblemHttpResult>> SearchCommunes(
        [FromQuery] string? q, [FromQuery] string? departement, [FromQuery] string? limit,
        TerritorySearch search, TerritoryQueries queries, [FromServices] IEnumerable<ICommuneContactSource> contacts, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var take = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, out take) || take < 1 || take > TerritorySearch.MaxLimit))
        {
            return TypedResults.Problem(
                title: text["Paramètre « limit » invalide"],
                detail: text["« limit » doit être un nombre entier entre 1 et {0}.", TerritorySearch.MaxLimit],
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrWhiteSpace(q) && string.IsNullOrWhiteSpace(departement))
        {
            return TypedResults.Problem(
                title: text["Recherche vide"],
                detail: text["Précisez « q » (nom, code postal ou code INSEE) ou « departement » (code du département)."],
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (q is { Length: > TerritorySearch.MaxQueryLength })
        {
            return TypedResults.Problem(
                title: text["Recherche trop longue"],
                detail: text["« q » ne peut pas dépasser {0} caractères.", TerritorySearch.MaxQueryLength],
                statusCode: StatusCodes.Status400BadRequest);
        }
        if (!string.IsNullOrWhiteSpace(departement) && await queries.FindDepartementAsync(departement.Trim(), cancellationToken) is null)
        {
            return TypedResults.Problem(
                title: text["Département inconnu"],
                detail: text["Aucun département n'a le code « {0} ».", departement],
                statusCode: StatusCodes.Status400BadRequest);
        }

        List<CommuneDetails> communes;
        if (string.IsNullOrWhiteSpace(q))
        {
            var page = await queries.CommunesAsync(new CommuneFilter.InDepartement(departement!.Trim().ToUpperInvariant()),
                CommuneSort.PopulationDescending, 1, take, cancellationToken);
            communes = await queries.CommuneDetailsInOrderAsync([.. page.Items.Select(i => i.Code)], cancellationToken);
        }
        else
        {
            communes = await search.SearchCommunesAsync(q, departement?.Trim(), take, cancellationToken);
        }
        var formerCodes = await queries.FormerCodesOfAsync([.. communes.Select(c => c.Code)], cancellationToken);
        var contactsByCode = await ContactsOfAsync(contacts, [.. communes.Select(c => c.Code)], cancellationToken);
        return TypedResults.Ok(new ItemsDto<CommuneDto>(
            [.. communes.Select(c => c.AsCommuneDto(formerCodes.GetValueOrDefault(c.Code) ?? [], contactsByCode.GetValueOrDefault(c.Code)))]));
    }

    private static async Task<Dictionary<string, ContactDto>> ContactsOfAsync(
        IEnumerable<ICommuneContactSource> sources, IReadOnlyCollection<string> communeCodes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ContactDto>();
        foreach (var source in sources)
        {
            foreach (var (code, contact) in await source.FindAsync(communeCodes, cancellationToken))
            {
                found.TryAdd(code, contact);
            }
        }
        return found;
    }

    public static async Task<Ok<ItemsDto<DepartementDto>>> ListDepartements(TerritoryQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemsDto<DepartementDto>([.. (await queries.DepartementsAsync(cancellationToken)).Select(d => d.AsDepartementDto())]));

    public static async Task<Ok<ItemsDto<RegionDto>>> ListRegions(TerritoryQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ItemsDto<RegionDto>([.. (await queries.RegionsAsync(cancellationToken)).OrderBy(r => r.Code).Select(r => r.AsRegionDto())]));
}
