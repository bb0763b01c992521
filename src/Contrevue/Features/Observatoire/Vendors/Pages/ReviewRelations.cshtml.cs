using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Vendors.Pages;

public sealed record FailedForm(int Relation, RelationSide Side, string? Code);

/// <summary>The vendor-graph relations an import could not settle alone, for moderators to link.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReviewRelationsModel(VendorReview review, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string Path = "/moderation/fournisseurs";

    public IReadOnlyList<PendingRelation> Pending { get; private set; } = [];
    public int Total { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The form the error is about, to keep what was typed in it.</summary>
    public FailedForm? Failed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCommuneAsync(int relation, string? side, string? code, CancellationToken cancellationToken) =>
        await DecideAsync(relation, side, code, parsed => review.LinkCommuneAsync(relation, parsed, code, UserId, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostVendorAsync(int relation, string? side, CancellationToken cancellationToken) =>
        await DecideAsync(relation, side, null, parsed => review.MarkVendorAsync(relation, parsed, UserId, cancellationToken), cancellationToken);

    public static string SideValue(RelationSide side) => side == RelationSide.SubjectEnd ? "sujet" : "objet";

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(int relation, string? side, string? code, Func<RelationSide, Task<ReviewOutcome>> decide, CancellationToken cancellationToken)
    {
        RelationSide? parsed = side switch
        {
            "sujet" => RelationSide.SubjectEnd,
            "objet" => RelationSide.ObjectEnd,
            _ => null,
        };
        if (parsed is null)
        {
            return BadRequest();
        }
        switch (await decide(parsed.Value))
        {
            case ReviewOutcome.Done(var message):
                TempData["Message"] = message;
                return Redirect(Path);
            case ReviewOutcome.Invalid(var message):
                Error = text["Relation n° {0} : {1}", relation, message];
                Failed = new FailedForm(relation, parsed.Value, code);
                await LoadAsync(cancellationToken);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            default:
                TempData["Message"] = text["Cette relation n'existe plus."].Value;
                return Redirect(Path);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Pending = await review.PendingAsync(cancellationToken);
        Total = await review.CountAsync(cancellationToken);
    }
}
