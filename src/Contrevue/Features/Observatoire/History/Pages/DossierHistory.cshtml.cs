using Contrevue.Infrastructure.History;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.History.Pages;

/// <summary>Public history of a dossier; moderators may revert its latest revision here.</summary>
public sealed class DossierHistoryModel(
    Reports.ReportService reports, DossierHistory history, IAuthorizationService authorization, IStringLocalizer<SharedResource> text) : PageModel
{
    public Reports.ReportTarget Dossier { get; private set; } = null!;
    public IReadOnlyList<RevisionDto> Revisions { get; private set; } = [];
    public bool CanModerate { get; private set; }
    /// <summary>The revision a moderator may revert, or null; <see cref="RevertRefusal"/> says why not.</summary>
    public int? RevertibleRevision { get; private set; }
    public string? RevertRefusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRevertAsync(int id, int revision, string? reason, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Moderator)).Succeeded)
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }
        switch (await history.RevertAsync(id, revision, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", reason, cancellationToken))
        {
            case RevertOutcome.Done:
                TempData["Message"] = text["Révision n° {0} annulée.", revision].Value;
                return Redirect($"/observatoire/dossiers/{id}/historique");
            case RevertOutcome.Refused(var why):
                ModelState.AddModelError("", text[why]);
                break;
            case RevertOutcome.Invalid(var errors):
                // The dossier as it was no longer passes today's checks (a vendor or a file gone…).
                ModelState.AddModelError("", text["L'état d'avant ne passe plus les vérifications : modifiez le dossier à la main."]);
                foreach (var (field, messages) in errors)
                {
                    ModelState.AddModelError("", $"{field} : {string.Join(" ", messages)}");
                }
                break;
        }
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await reports.FindTargetAsync(ReportTargetKind.Dossier, id, cancellationToken) is not { } dossier)
        {
            return false;
        }
        Dossier = dossier;
        CanModerate = (await authorization.AuthorizeAsync(User, Policies.Moderator)).Succeeded;
        if (dossier.Hidden && !CanModerate)
        {
            return true;
        }
        var revisions = await history.RevisionsAsync(id, cancellationToken);
        Revisions = [.. revisions.Select(DossierHistory.AsDto)];
        if (CanModerate && revisions.Count > 0)
        {
            RevertRefusal = DossierHistory.WhyNotRevertible(revisions[0], revisions[0]);
            RevertibleRevision = RevertRefusal is null ? revisions[0].Id : null;
        }
        return true;
    }
}
