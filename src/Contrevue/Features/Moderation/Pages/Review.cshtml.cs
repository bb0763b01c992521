using Contrevue.Infrastructure.History;
using System.Globalization;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Contacts;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Moderation.Pages;

[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewModel(ModerationService moderation, ContactService contacts, ContrevueDbContext db,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public Proposal Proposal { get; private set; } = null!;
    public string TerritoryName { get; private set; } = "";
    public IReadOnlyList<FieldChange> Changes { get; private set; } = [];

    [BindProperty] public ContactData Edited { get; set; } = new(null, null, null, null, null, null);
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        var proposed = ModerationService.FactsOf(Proposal);
        Edited = new ContactData(proposed.Mayor, proposed.Email, proposed.PostalAddress, proposed.Website, proposed.CadaOfficer,
            proposed.VerifiedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.ApproveAsync(id, UserId, Edited, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostRejectAsync(int id, CancellationToken cancellationToken) =>
        await DecideAsync(id, moderation.RejectAsync(id, UserId, Reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int id, Task<ModerationOutcome> decision, CancellationToken cancellationToken)
    {
        switch (await decision)
        {
            case ModerationOutcome.Done(var proposal, _):
                TempData["Message"] = proposal.Status == ProposalStatus.Approved ? "Proposition approuvée et publiée." : "Proposition refusée.";
                return Redirect("/moderation");
            case ModerationOutcome.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(field == "reason" ? nameof(Reason) : "", text[message]);
                    }
                }
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
        // Other kinds have their own review page (sources of dossiers: /moderation/sources/{id}).
        if (proposal is null || proposal.Kind != Proposal.TerritoryContactKind)
        {
            return false;
        }
        Proposal = proposal;
        TerritoryName = await db.NameOfAsync(proposal.Territory, cancellationToken) ?? proposal.Territory.ToString();
        var current = await contacts.FindAsync(proposal.Territory, cancellationToken);
        Changes = RevisionHistory.Diff(
            current is null ? null : System.Text.Json.JsonSerializer.Serialize(current, ContactService.Json),
            proposal.Data);
        return true;
    }
}
