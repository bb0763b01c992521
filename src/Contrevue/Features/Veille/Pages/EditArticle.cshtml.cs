using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Pages;

/// <summary>Changing an article, every field: by moderators, and by the member who added it.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class EditArticleModel(ArticleService articles, TerritoryListField territories, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ArticleForm Form { get; set; } = new();

    public Article Article { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        Form = ArticleForm.Of(Article, await articles.NamesAsync(Article.Territories.Select(t => t.Reference), cancellationToken));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (!ModelState.IsValid || await Form.ToInputAsync(ModelState, territories, cancellationToken) is not { } input)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        switch (await articles.UpdateAsync(id, input, User, cancellationToken))
        {
            case ArticleChange.Done(var article):
                TempData["Message"] = "Article modifié.";
                return Redirect(article.PagePath);
            case ArticleChange.Duplicate duplicate:
                ModelState.AddModelError("Form.Url", text["Cette adresse est déjà celle d'un autre article de la veille : « {0} » (n° {1}).", duplicate.ExistingTitle, duplicate.ExistingId]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case ArticleChange.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(ArticleForm.FieldOf(field), text[message]);
                    }
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ArticleChange.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
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
        return null;
    }
}
