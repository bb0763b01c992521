using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Events.Proposals;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Pages;

/// <summary>
/// A moderator reads an event proposed by the public and publishes it as proposed, or refuses it with a
/// reason (no event is made). Corrections come after publication, on the event's own edit page.
/// </summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewEventProposalModel(ModerationService moderation, ContrevueDbContext db, Observatoire.DossierLookup dossiers, IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public EventProposalData Data { get; private set; } = null!;
    public string? PlaceName { get; private set; }
    public string? TerritoryName { get; private set; }
    public Observatoire.DossierLink? Dossier { get; private set; }

    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.ApproveAsync(id, UserId, null, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Rendez-vous publié dans l'agenda." : "Proposition refusée.";
                return Redirect("/moderation");
            case ModerationOutcome.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(field == "reason" ? nameof(Reason) : "", text[message]);
                    }
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
            case ModerationOutcome.AlreadyDecided:
                TempData["Message"] = "Cette proposition avait déjà été traitée.";
                return Redirect("/moderation");
            default:
                return NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await moderation.FindAsync(id, cancellationToken) is not { } proposal || proposal.Kind != EventProposals.Kind)
        {
            return false;
        }
        Proposal = proposal;
        Data = EventProposals.DataOf(proposal);
        PlaceName = await NameAsync(Data.Event.Place?.Territory, cancellationToken);
        TerritoryName = await NameAsync(Data.Event.Territory, cancellationToken);
        Dossier = Data.Event.Dossier is { } dossierId ? await dossiers.PublicLinkAsync(dossierId, cancellationToken) : null;
        return true;
    }

    private async Task<string?> NameAsync(string? reference, CancellationToken cancellationToken) =>
        TerritoryReference.TryParse(reference, out var parsed) ? $"{await db.NameOfAsync(parsed.Value, cancellationToken) ?? parsed.Value.Code} ({parsed.Value})" : null;
}
