using System.Security.Claims;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire.Editing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Proposals;

/// <summary>A moderator reviews a dossier proposed by the public: corrects it if needed and publishes it, or rejects it with a reason.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewDossierModel(ModerationService moderation, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;

    [BindProperty] public DossierForm Form { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Form = DossierForm.From(DossierProposals.DataOf(Proposal)).WithBlankRows();
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken)
    {
        var (document, errors) = Form.ToDocument();
        if (errors.Count > 0)
        {
            DossierFormPage.AddErrors(ModelState, errors, key => text[key]);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
        return await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken, JsonSerializer.Serialize(document, DossierService.Json)), cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Dossier approuvé et publié." : "Proposition refusée.";
                return Redirect("/moderation");
            case ModerationOutcome.Invalid(var errors):
                DossierFormPage.AddErrors(ModelState, errors, key => text[key]);
                await LoadAsync(id, cancellationToken);
                return Page();
            case ModerationOutcome.AlreadyDecided:
                TempData["Message"] = "Cette proposition avait déjà été traitée.";
                return Redirect("/moderation");
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var proposal = await moderation.FindAsync(id, cancellationToken);
        if (proposal is null || proposal.Kind != DossierProposals.ProposalKind)
        {
            return false;
        }
        Proposal = proposal;
        return true;
    }
}
