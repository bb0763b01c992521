using Microsoft.AspNetCore.Mvc;

namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// The filters and sort of a dossier list as they come in the query string: the page, the API and the
/// CSV take the same names. Nothing is trusted here; <see cref="DossierListQuery.ParseAsync"/> checks it all.
/// </summary>
public sealed record DossierListRequest
{
    /// <summary>INSEE code of a commune.</summary>
    [FromQuery(Name = "commune")] public string? Commune { get; init; }
    /// <summary>Code of a département ("42", "2A", "974").</summary>
    [FromQuery(Name = "departement")] public string? Departement { get; init; }
    /// <summary>Code of a région ("84").</summary>
    [FromQuery(Name = "region")] public string? Region { get; init; }
    /// <summary>Code of a technology ("vsa", "drones"…).</summary>
    [FromQuery(Name = "technology")] public string? Technology { get; init; }
    /// <summary>Slug or name (or part of a name) of a vendor.</summary>
    [FromQuery(Name = "vendor")] public string? Vendor { get; init; }
    /// <summary>Code of a status ("deployed"…).</summary>
    [FromQuery(Name = "status")] public string? Status { get; init; }
    /// <summary>Code of a computed alert ("authorization-expired"…).</summary>
    [FromQuery(Name = "flag")] public string? Flag { get; init; }
    /// <summary>Status since this day or later (yyyy-MM-dd).</summary>
    [FromQuery(Name = "from")] public string? From { get; init; }
    /// <summary>Status since this day or earlier (yyyy-MM-dd).</summary>
    [FromQuery(Name = "to")] public string? To { get; init; }
    /// <summary>Words to find in the dossier, its vendors and its sources.</summary>
    [FromQuery(Name = "q")] public string? Q { get; init; }
    /// <summary>Fictional (demo) dossiers: include (default), exclude or only.</summary>
    [FromQuery(Name = "fictional")] public string? Fictional { get; init; }
    /// <summary>id, recent, title, cameras, budget or status-date.</summary>
    [FromQuery(Name = "sort")] public string? Sort { get; init; }

    public static DossierListRequest FromQuery(IQueryCollection query) => new()
    {
        Commune = First(query, "commune"),
        Departement = First(query, "departement"),
        Region = First(query, "region"),
        Technology = First(query, "technology"),
        Vendor = First(query, "vendor"),
        Status = First(query, "status"),
        Flag = First(query, "flag"),
        From = First(query, "from"),
        To = First(query, "to"),
        Q = First(query, "q"),
        Fictional = First(query, "fictional"),
        Sort = First(query, "sort"),
    };

    /// <summary>The non-empty parameters, in a stable order, for links that keep the same list.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Parameters()
    {
        (string Name, string? Value)[] all =
        [
            ("commune", Commune), ("departement", Departement), ("region", Region), ("technology", Technology),
            ("vendor", Vendor), ("status", Status), ("flag", Flag), ("from", From), ("to", To), ("q", Q),
            ("fictional", Fictional), ("sort", Sort),
        ];
        return all.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => KeyValuePair.Create(p.Name, (string?)p.Value!.Trim()));
    }

    private static string? First(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) : null;
}
