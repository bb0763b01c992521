using Contrevue.Data;
using Contrevue.Features.Campaigns.Batch;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Pages;

/// <summary>
/// Batch letters without JavaScript: a collective picks communes (a département, an EPCI or a list)
/// and downloads one personalised letter per commune with the addressees' CSV, in a ZIP.
/// </summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/campagnes")]
public sealed class BatchModel(ContrevueDbContext db, LetterBatchComposer composer, ExpensiveWorkLimiter limiter, IStringLocalizer<SharedResource> text) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;

    /// <summary>Communes this visitor may ask for at once: more when signed in.</summary>
    public int PublicMaxCommunes => composer.PublicMaxCommunes;

    [BindProperty] public string? Departement { get; set; }
    [BindProperty] public string? Epci { get; set; }
    [BindProperty] public string? Communes { get; set; }
    [BindProperty] public string? SenderName { get; set; }
    /// <summary>Null until posted (the form shows « un collectif » first): a form that leaves it out is told so.</summary>
    [BindProperty] public string? SenderKind { get; set; }
    [BindProperty] public string? SenderCity { get; set; }
    [BindProperty] public string? SenderAddress { get; set; }
    [BindProperty] public string? PersonalParagraph { get; set; }
    [BindProperty] public bool Registered { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        var list = Communes?.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var request = new LetterBatchRequest(Departement, Epci, list, SenderName, SenderKind, PersonalParagraph, SenderCity, SenderAddress, Registered);
        switch (await composer.ComposeAsync(slug, request, LetterBatchComposer.MayAskForMore(User), cancellationToken))
        {
            case BatchComposition.Planned(var plan):
                var parallelism = LetterBatchApi.Parallelism(limiter);
                if (!await limiter.TryEnterAsync(HttpContext, parallelism))
                {
                    ModelState.AddModelError("", limiter.BusyForPage(HttpContext));
                    return Page();
                }
                return new LetterBatchZip(plan, parallelism);
            case BatchComposition.OverPublicLimit(var limit):
                Response.StatusCode = StatusCodes.Status403Forbidden;
                ModelState.AddModelError("", text[LetterBatchComposer.PublicLimitDetail, limit, LetterBatchComposer.FormatCount(LetterBatchComposer.MaxCommunes)]);
                return Page();
            case BatchComposition.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        // The choice of who writes is told next to it; the rest above the form, as before.
                        ModelState.AddModelError(field == "senderKind" ? nameof(SenderKind) : "", text[message]);
                    }
                }
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>
    /// « J'ai envoyé ces lettres »: the same selection, carried to the declaration page (the paragraph and
    /// the addresses stay here: only the communes travel, in the address).
    /// </summary>
    [NoWrite]
    public async Task<IActionResult> OnPostDeclareAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }
        var target = $"/campagnes/{Uri.EscapeDataString(slug)}/envois-groupes";
        var list = Communes?.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return Redirect(target + (
            !string.IsNullOrWhiteSpace(Departement) ? $"?departement={Uri.EscapeDataString(Departement.Trim())}"
            : !string.IsNullOrWhiteSpace(Epci) ? $"?epci={Uri.EscapeDataString(Epci.Trim())}"
            // Commas, not line breaks: no control character travels in an address (the edge refuses them).
            : list.Length > 0 ? $"?communes={Uri.EscapeDataString(string.Join(",", list.Take(LetterBatchComposer.MaxCommunes)))}"
            : ""));
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return false;
        }
        Campaign = campaign;
        return true;
    }
}
