using Contrevue.Infrastructure.Text;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Scoreboard;

/// <summary>
/// The public list of the communes asked by the campaign (a letter sent, or an answer published):
/// where each stands, since when it waits. Only public facts: never who wrote, nor their address.
/// </summary>
[OutputCache(PolicyName = ScoreboardSetup.CachePolicy)]
public sealed class AskedModel(ContrevueDbContext db, CampaignScoreboard scoreboard, TerritoryQueries territories, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<(string Code, string Label)> Sorts =
    [
        ("nom", "Nom de la commune"),
        ("premier-envoi", "Première sollicitation, la plus ancienne d'abord"),
        ("attente", "Attente sans réponse, la plus longue d'abord"),
        ("population", "Population, la plus grande d'abord"),
    ];

    public Campaign Campaign { get; private set; } = null!;
    public IReadOnlyList<AskedCommune> Items { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Departements { get; private set; } = [];
    public IReadOnlyDictionary<string, string> DepartementNames { get; private set; } = new Dictionary<string, string>();
    public string? RegionName { get; private set; }
    public int Total { get; private set; }
    public int AskedTotal { get; private set; }
    public int PageCount { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    [FromQuery(Name = "statut")]
    public string? Status { get; set; }

    [FromQuery(Name = "departement")]
    public string? Departement { get; set; }

    /// <summary>From the scoreboard's région table; no field of its own.</summary>
    [FromQuery(Name = "region")]
    public string? Region { get; set; }

    [FromQuery(Name = "q")]
    public string? Q { get; set; }

    [FromQuery(Name = "tri")]
    public string? Sort { get; set; }

    [FromQuery(Name = "page")]
    public string? PageText { get; set; }

    public int PageNumber { get; private set; } = 1;

    public bool HasFilters => !string.IsNullOrWhiteSpace(Status) || !string.IsNullOrWhiteSpace(Departement) || !string.IsNullOrWhiteSpace(Region) || !string.IsNullOrWhiteSpace(Q);

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return NotFound();
        }
        Campaign = campaign;
        var departements = await territories.DepartementsAsync(cancellationToken);
        Departements = [.. departements.Select(d => (d.Code, d.Name))];
        DepartementNames = departements.ToDictionary(d => d.Code, d => d.Name);

        var asked = await scoreboard.AskedCommunesAsync(campaign, cancellationToken);
        AskedTotal = asked.Count;
        IEnumerable<AskedCommune> items = asked;

        if (!string.IsNullOrWhiteSpace(Status))
        {
            if (CampaignCodes.Statuses.TryParse(Status.Trim(), out var status))
            {
                items = items.Where(i => i.Status == status);
            }
            else
            {
                Errors["statut"] = text["Statut inconnu « {0} ».", Shorten(Status)];
            }
        }
        if (!string.IsNullOrWhiteSpace(Departement))
        {
            var code = Departement.Trim().ToUpperInvariant();
            if (DepartementNames.ContainsKey(code))
            {
                items = items.Where(i => i.DepartementCode == code);
            }
            else
            {
                Errors["departement"] = text["Département inconnu « {0} ».", Shorten(Departement)];
            }
        }
        if (!string.IsNullOrWhiteSpace(Region))
        {
            var code = Region.Trim();
            RegionName = departements.Select(d => d.Region).FirstOrDefault(r => r?.Code == code)?.Name;
            if (RegionName is not null)
            {
                items = items.Where(i => i.RegionCode == code);
            }
            else
            {
                Errors["region"] = text["Région inconnue « {0} ».", Shorten(Region)];
            }
        }
        var query = SearchText.Normalize(Q);
        if (query.Length > 0)
        {
            items = items.Where(i => SearchText.Normalize(i.Name).Contains(query, StringComparison.Ordinal) || i.Code == Q!.Trim());
        }

        var sort = Sorts.Any(s => s.Code == Sort?.Trim()) ? Sort!.Trim() : "nom";
        if (!string.IsNullOrWhiteSpace(Sort) && sort != Sort.Trim())
        {
            Errors["tri"] = text["Tri inconnu « {0} ».", Shorten(Sort)];
        }
        var byName = items.OrderBy(i => SearchText.Normalize(i.Name), StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal);
        var sorted = sort switch
        {
            "premier-envoi" => items.OrderBy(i => i.FirstAskedOn ?? DateOnly.MaxValue).ThenBy(i => SearchText.Normalize(i.Name), StringComparer.Ordinal),
            "attente" => items.OrderByDescending(i => i.DaysWithoutAnswer ?? -1).ThenBy(i => SearchText.Normalize(i.Name), StringComparer.Ordinal),
            "population" => items.OrderByDescending(i => i.Population ?? -1).ThenBy(i => SearchText.Normalize(i.Name), StringComparer.Ordinal),
            _ => byName,
        };
        var list = sorted.ToList();
        Total = list.Count;
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = int.TryParse(PageText, out var page) ? Math.Clamp(page, 1, PageCount) : 1;
        Items = [.. list.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    /// <summary>The same filters on another page.</summary>
    public string PageLink(int page)
    {
        var parameters = new List<string>();
        foreach (var (name, value) in new[] { ("statut", Status), ("departement", Departement), ("region", Region), ("q", Q), ("tri", Sort) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parameters.Add($"{name}={Uri.EscapeDataString(value.Trim())}");
            }
        }
        if (page > 1)
        {
            parameters.Add($"page={page}");
        }
        return $"/campagnes/{Campaign.Slug}/collectivites" + (parameters.Count > 0 ? "?" + string.Join("&", parameters) : "");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text.Trim() : text.Trim()[..40] + "…";
}
