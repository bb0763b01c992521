using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Letters;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Administration;

/// <summary>An admin edits a campaign, with its letter as a sender of Saint-Étienne would get it.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(CampaignEditor editor, LetterComposer composer, IStringLocalizer<SharedResource> text)
    : CampaignFormPage(editor, composer, text)
{
    public Campaign Campaign { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "enregistree")] public bool JustSaved { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } missing)
        {
            return missing;
        }
        Form = CampaignInput.From(Campaign);
        await PreviewAsync(Campaign, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } missing)
        {
            return missing;
        }
        JustSaved = false;
        return Saved(await Editor.UpdateAsync(slug, Form, UserId, cancellationToken));
    }

    protected override async Task<IActionResult?> LoadAsync(string? slug, CancellationToken cancellationToken)
    {
        if (slug is null || await Editor.FindAsync(slug, cancellationToken) is not { } campaign)
        {
            return NotFound();
        }
        Campaign = campaign;
        return null;
    }
}
