using Contrevue.Infrastructure.History;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Contacts.Pages;

/// <summary>Public history of a commune's contacts; moderators may revert a revision here.</summary>
public sealed class HistoryModel(TerritoryQueries queries, ContactHistory history, IAuthorizationService authorization) : PageModel
{
    public CommuneDetails Commune { get; private set; } = null!;
    public IReadOnlyList<RevisionDto> Revisions { get; private set; } = [];
    public bool CanRevert { get; private set; }

    public async Task<IActionResult> OnGetAsync(string insee, CancellationToken cancellationToken)
    {
        if (await queries.FindCommuneAsync(insee, cancellationToken) is not CommuneLookup.Found(var commune))
        {
            return NotFound();
        }
        Commune = commune;
        Revisions = await history.ForAsync(new TerritoryReference(TerritoryKind.Commune, commune.Code), cancellationToken);
        CanRevert = (await authorization.AuthorizeAsync(User, Policies.Moderator)).Succeeded;
        return Page();
    }

    public async Task<IActionResult> OnPostRevertAsync(string insee, int revision, string? reason, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Moderator)).Succeeded)
        {
            return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        }
        await history.RevertAsync(revision, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", reason, cancellationToken);
        return Redirect($"/communes/{insee}/historique");
    }
}
