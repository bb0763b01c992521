using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Veille.Pages;

/// <summary>
/// The news watch: articles newest first, filtered by tag, département (or any territory), outlet and period, and
/// searched in full text, through a plain GET form (works without JavaScript); paged by keyset (« plus anciens »).
/// </summary>
[OutputCache(PolicyName = VeilleCache.Policy)]
public sealed class VeilleModel(ArticleService articles, ContrevueDbContext db) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "tag")] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true, Name = "departement")] public string? Departement { get; set; }
    [BindProperty(SupportsGet = true, Name = "territoire")] public string? Territory { get; set; }
    [BindProperty(SupportsGet = true, Name = "media")] public string? Outlet { get; set; }
    [BindProperty(SupportsGet = true, Name = "du")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "au")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "apres")] public string? After { get; set; }

    public IReadOnlyList<Article> Items { get; private set; } = [];
    public ArticleCursor? Next { get; private set; }
    public List<(string Code, string Name)> Departements { get; private set; } = [];
    public List<string> Outlets { get; private set; } = [];
    public List<string> Tags { get; private set; } = [];
    public Dictionary<TerritoryReference, (string Name, string Path)> TerritoryNames { get; private set; } = [];
    public string? TerritoryName { get; private set; }
    public bool Filtered { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Departements = [.. (await db.Set<Departement>().AsNoTracking().OrderBy(d => d.Code).Select(d => new { d.Code, d.Name }).ToListAsync(cancellationToken))
            .Select(d => (d.Code, d.Name))];
        (Outlets, Tags) = await articles.FacetsAsync(cancellationToken);
        // Unknown values are ignored (a stale link still lists): only the API answers them with a 400.
        var departement = Departement?.Trim().ToUpperInvariant();
        Departement = Departements.Any(d => d.Code == departement) ? departement : null;
        Tag = ArticleTags.Normalize(Tag) is { Length: > 0 } tag ? tag : null;
        Outlet = string.IsNullOrWhiteSpace(Outlet) ? null : Outlet.Trim();
        Query = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim()[..Math.Min(Query.Trim().Length, ArticleApi.MaxQueryLength)];
        TerritoryReference? territory = null;
        if (TerritoryReference.TryParse(Territory, out var parsed) && await db.NameOfAsync(parsed.Value, cancellationToken) is { } name)
        {
            territory = parsed;
            TerritoryName = name;
            Territory = parsed.Value.Kind == TerritoryKind.Commune ? parsed.Value.Code : parsed.Value.ToString();
        }
        else
        {
            Territory = null;
        }
        var from = Day(From);
        var to = Day(To);
        From = from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Filtered = Query is not null || Tag is not null || Departement is not null || territory is not null || Outlet is not null || from is not null || to is not null;
        var page = await articles.ListAsync(new ArticleQuery(Tag, territory, Departement, Outlet, from, to, Query), ArticleCursor.Decode(After), PageSize, cancellationToken);
        Items = page.Items;
        Next = page.Next;
        TerritoryNames = await articles.NamesAsync(Items.SelectMany(a => a.Territories).Select(t => t.Reference), cancellationToken);
    }

    private static DateOnly? Day(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is > 1899 and < 2201 ? day : null;

    /// <summary>The list's address with the current filters, starting after <paramref name="after"/>.</summary>
    public string Link(ArticleCursor? after = null, string? tag = null)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("q", Query);
        Add("tag", tag ?? Tag);
        Add("departement", Departement);
        Add("territoire", Territory);
        Add("media", Outlet);
        Add("du", From);
        Add("au", To);
        Add("apres", after?.Encode());
        return "/veille" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    /// <summary>The Atom feed that follows what this list shows, as far as feeds filter (territory, tag).</summary>
    public string FeedLink()
    {
        var query = new List<string>();
        var territory = Territory ?? (Departement is null ? null : "departement:" + Departement);
        if (territory is not null) query.Add("territoire=" + Uri.EscapeDataString(territory));
        if (Tag is not null) query.Add("tag=" + Uri.EscapeDataString(Tag));
        return VeilleFeed.Path + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
