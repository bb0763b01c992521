using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Letters;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Administration;

[Authorize(Policy = Policies.Admin)]
public sealed class NewModel(CampaignEditor editor, LetterComposer composer, IStringLocalizer<SharedResource> text)
    : CampaignFormPage(editor, composer, text)
{
    public void OnGet() => Form = new CampaignInput { TargetLevels = ["commune"], FollowUpDays = "14,28" };

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        Saved(await Editor.CreateAsync(Form, UserId, cancellationToken));

    protected override Task<IActionResult?> LoadAsync(string? slug, CancellationToken cancellationToken) => Task.FromResult<IActionResult?>(null);
}
