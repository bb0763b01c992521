using System.Globalization;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Contrevue.Features.Veille.Pages;

/// <summary>One article of the news watch: what it says, where it was published, the territories and dossiers it concerns.</summary>
[OutputCache(PolicyName = VeilleCache.Policy)]
public sealed class ArticlePageModel(ArticleService articles, Observatoire.DossierLookup dossiers) : PageModel
{
    public Article Article { get; private set; } = null!;
    public Dictionary<TerritoryReference, (string Name, string Path)> TerritoryNames { get; private set; } = [];
    public List<Observatoire.DossierLink> Dossiers { get; private set; } = [];

    /// <summary>The visitor may edit or delete it (a moderator, the member who added it): never true for a page from the cache, which is anonymous.</summary>
    public bool MayChange { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        var idText = key.Split('-', 2)[0];
        if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || await articles.FindAsync(id, cancellationToken) is not { } article)
        {
            return NotFound();
        }
        if (key != $"{article.Id}-{article.Slug}")
        {
            return RedirectPermanent(article.PagePath);
        }
        Article = article;
        MayChange = User.Identity?.IsAuthenticated == true && ArticleService.MayChange(article, User);
        TerritoryNames = await articles.NamesAsync(article.Territories.Select(t => t.Reference), cancellationToken);
        foreach (var link in article.Dossiers)
        {
            if (await dossiers.PublicLinkAsync(link.DossierId, cancellationToken) is { } dossier)
            {
                Dossiers.Add(dossier);
            }
        }
        return Page();
    }
}
