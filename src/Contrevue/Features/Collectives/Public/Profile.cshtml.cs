using System.Text.RegularExpressions;
using Contrevue.Features.Collectives.Profile;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Collectives.Public;

/// <summary>
/// A listed collective's public profile: what it is, where it acts, its links, and what the other
/// features add (its events, the campaign in its communes). An unlisted collective has none: 404.
/// </summary>
[OutputCache(PolicyName = CollectivesCache.Policy)]
public sealed partial class ProfileModel(CollectiveService collectives, CollectiveCoverage coverage, IEnumerable<ICollectiveProfileSection> sections) : PageModel
{
    public Collective Collective { get; private set; } = null!;
    public IReadOnlyList<NamedTerritory> Territories { get; private set; } = [];
    public IReadOnlyList<CollectiveProfileSectionView> Sections { get; private set; } = [];
    public bool Contactable { get; private set; }
    public string ProfilePath => CollectiveDirectory.ProfilePath(Collective.Id, Collective.Name);

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (IdOf(key) is not { } id || await collectives.FindAsync(id, cancellationToken) is not { Listed: true } collective)
        {
            return NotFound();
        }
        var path = CollectiveDirectory.ProfilePath(collective.Id, collective.Name);
        if (Request.Path.Value != path)
        {
            return RedirectPermanent(path);
        }
        Collective = collective;
        var references = collective.Territories.Select(t => t.Territory).ToList();
        var names = await coverage.NamesAsync(references, cancellationToken);
        Territories = [.. references.Select(t => new NamedTerritory(t, names.GetValueOrDefault(t) ?? t.ToString()))];
        Contactable = await coverage.IsContactableAsync(id, cancellationToken);
        var context = new CollectiveProfileContext(collective.Id, collective.Name, references, Request);
        var loaded = new List<CollectiveProfileSectionView>();
        // One after the other: the sections share the request's database context.
        foreach (var section in sections.OrderBy(s => s.Order))
        {
            if (await section.LoadAsync(context, cancellationToken) is { } view)
            {
                loaded.Add(view);
            }
        }
        Sections = loaded;
        return Page();
    }

    /// <summary>The id of « 12-collectif-stephanois » (or « 12- », or a slug of an older name).</summary>
    public static int? IdOf(string? key) =>
        key is not null && KeyPattern().Match(key) is { Success: true } match
        && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    [GeneratedRegex(@"^([0-9]{1,9})-[a-z0-9-]*$")]
    private static partial Regex KeyPattern();
}
