using Contrevue.Features.Collectives;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Kit.Pages;

/// <summary>
/// The kit: published resources, newest first, filtered by kind, language and print format through a plain
/// GET form (works without JavaScript); signed-in members and moderators also see what waits for publication.
/// </summary>
[OutputCache(PolicyName = KitCache.Policy)]
public sealed class KitIndexModel(KitService kit, IEnumerable<IGeneratedKitResources> generators) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "type")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "langue")] public string? Language { get; set; }
    [BindProperty(SupportsGet = true, Name = "format")] public string? Format { get; set; }

    public List<KitResource> Items { get; private set; } = [];
    public List<KitResource> Pending { get; private set; } = [];
    /// <summary>Made on demand by other features (the campaign's per-commune posters), in French.</summary>
    public List<GeneratedKitResource> Generated { get; private set; } = [];
    public Dictionary<int, PublicCollective> Authors { get; private set; } = [];
    public bool Empty => Items.Count == 0 && Generated.Count == 0;
    public bool Filtered => Kind is not null || Language is not null || Format is not null;

    /// <summary>What the last form told its author (signed-in users only: never on a cached page).</summary>
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Infrastructure.Caching.PublicPageCache.Tag(HttpContext, KitCache.ListTag);
        // Unknown values are ignored, as an unfiltered list: a link with an old code still shows the kit.
        Kind = KitCodes.IsKind(Kind) ? Kind : null;
        Language = KitCodes.IsLanguage(Language) ? Language : null;
        Format = KitCodes.Format(Format);
        Items = await kit.PublishedAsync(new KitQuery(Kind, Language, Format), cancellationToken);
        foreach (var generator in generators)
        {
            Generated.AddRange((await generator.ListAsync(cancellationToken))
                .Where(g => (Kind is null || g.Kind == Kind) && (Language is null || Language == "fr") && (Format is null || g.Formats.Contains(Format))));
        }
        if (User.Identity?.IsAuthenticated == true)
        {
            Message = TempData[KitPageModel.MessageKey] as string;
            Pending = await kit.PendingForAsync(User, cancellationToken);
        }
        Authors = await kit.AuthorsAsync([.. Items, .. Pending], cancellationToken);
    }

    public string AuthorName(KitResource resource) =>
        resource.CollectiveId is { } id && Authors.TryGetValue(id, out var collective) ? collective.Name : KitService.CampaignAuthor;

    /// <summary>The first file of the newest version that has a preview.</summary>
    public static KitFile? PreviewOf(KitResource resource) =>
        resource.Versions.OrderByDescending(v => v.Number).FirstOrDefault()?.Files.OrderBy(f => f.Position).FirstOrDefault(f => f.PreviewSha256 is not null);
}
