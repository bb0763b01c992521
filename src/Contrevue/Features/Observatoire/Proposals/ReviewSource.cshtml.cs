using System.Security.Claims;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Proposals;

/// <summary>A moderator reviews a source proposed by the public: approve (possibly corrected) or reject with a reason.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewSourceModel(ModerationService moderation, ContrevueDbContext db, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public string DossierTitle { get; private set; } = "";
    public string DossierPath { get; private set; } = "";

    [BindProperty] public ProposeSourceModel.SourceForm Form { get; set; } = new();
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var source = SourceProposals.DataOf(Proposal).Source;
        Form = new ProposeSourceModel.SourceForm
        {
            Kind = source.Kind, Title = source.Title, Publisher = source.Publisher, Url = source.Url, PublishedOn = source.PublishedOn,
            Confidence = source.Confidence, Facts = source.Facts ?? [],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken)
    {
        var edited = new SourceDocument
        {
            Kind = Form.Kind, Title = Form.Title, Publisher = Form.Publisher, Url = Form.Url, PublishedOn = Form.PublishedOn,
            Confidence = Form.Confidence, Facts = Form.Facts,
        };
        return await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken, JsonSerializer.Serialize(edited, DossierService.Json)), cancellationToken);
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Source approuvée et publiée." : "Proposition refusée.";
                return Redirect("/moderation");
            case ModerationOutcome.Invalid(var errors):
                Editing.DossierFormPage.AddErrors(ModelState, errors, key => text[key]);
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
        if (proposal is null || proposal.Kind != SourceProposals.ProposalKind)
        {
            return false;
        }
        Proposal = proposal;
        var dossierId = SourceProposals.DataOf(proposal).DossierId;
        var dossier = await db.Set<Dossier>().AsNoTracking().Where(d => d.Id == dossierId).Select(d => new { d.Id, d.Slug, d.Title }).FirstOrDefaultAsync(cancellationToken);
        DossierTitle = dossier?.Title ?? $"#{dossierId}";
        DossierPath = dossier is null ? "/observatoire" : $"/observatoire/dossiers/{dossier.Id}-{dossier.Slug}";
        return true;
    }
}
