using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Territories.Search;

/// <summary>One suggestion: its page (the search box goes there) and the value a form's territory field takes (<see cref="TerritoryChoice.FieldValue"/>).</summary>
public sealed record Suggestion(string Label, string Detail, string Url, string Value);

/// <summary>Suggestions for the search box while typing (progressive enhancement of the plain GET form).</summary>
public static class SearchSuggestions
{
    public static RouteHandlerBuilder MapSearchSuggestions(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/recherche/suggestions", GetSuggestions)
            .ExcludeFromDescription()
            .CacheOutput(TerritoryCache.Policy);

    public static async Task<Ok<IReadOnlyList<Suggestion>>> GetSuggestions(
        string? q, TerritorySearch search, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > TerritorySearch.MaxQueryLength)
        {
            return TypedResults.Ok<IReadOnlyList<Suggestion>>([]);
        }
        var results = await search.SearchAsync(q, 8, cancellationToken);
        var suggestions = results.Communes
            .Select(c => new Suggestion(c.Name, $"{c.Departement.Name} ({c.Departement.Code})", c.CanonicalPath, $"{c.Name} ({c.Code})"))
            .Concat(results.Departements.Take(2).Select(d => new Suggestion(d.Name, text["Département ({0})", d.Code], $"/departements/{d.Code}-{d.Slug}", $"{d.Name} (departement:{d.Code})")))
            .Concat(results.Epcis.Take(2).Select(e => new Suggestion(e.Name, EpciKinds.Label(e.Kind, text), $"/epci/{e.Siren}-{e.Slug}", $"{e.Name} (epci:{e.Siren})")))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<Suggestion>>(suggestions);
    }
}
