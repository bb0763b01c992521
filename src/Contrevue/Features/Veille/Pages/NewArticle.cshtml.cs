using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Pages;

/// <summary>Members of collectives and moderators add an article directly; it shows at once in the lists, feeds and territory pages.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class NewArticleModel(ArticleService articles, TerritoryListField territories, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ArticleForm Form { get; set; } = new();

    public ArticleChange.Duplicate? Duplicate { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || await Form.ToInputAsync(ModelState, territories, cancellationToken) is not { } input)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        switch (await articles.AddAsync(input, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken))
        {
            case ArticleChange.Done(var article):
                TempData["Message"] = "Article ajouté à la veille.";
                return Redirect(article.PagePath);
            case ArticleChange.Duplicate duplicate:
                Duplicate = duplicate;
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
            default:
                return BadRequest();
        }
    }
}
