using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Veille.Pages;

/// <summary>Deleting an article, after a confirmation: by moderators, and by the member who added it.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class DeleteArticleModel(ArticleService articles) : PageModel
{
    public Article Article { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await articles.FindAsync(id, cancellationToken) is not { } article)
        {
            return NotFound();
        }
        if (!ArticleService.MayChange(article, User))
        {
            return Forbid();
        }
        Article = article;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        switch (await articles.DeleteAsync(id, User, cancellationToken))
        {
            case ArticleChange.Deleted:
                TempData["Message"] = "Article supprimé de la veille.";
                return Redirect("/veille");
            case ArticleChange.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }
}
