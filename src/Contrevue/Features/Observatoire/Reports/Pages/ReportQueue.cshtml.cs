using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Reports.Pages;

/// <summary>The moderators' queue of reports: restore what was hidden wrongly, or confirm the hiding.</summary>
[Authorize(Policy = Policies.Moderator)]
public sealed class ReportQueueModel(ReportService reports, IStringLocalizer<SharedResource> text) : PageModel
{
    public IReadOnlyList<ReportedTarget> Items { get; private set; } = [];
    public int ReportsToHide => reports.ReportsToHide;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = await reports.QueueAsync(cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(string? target, int id, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(target, id, kind => reports.RestoreAsync(kind, id, UserId, reason, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostUpholdAsync(string? target, int id, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(target, id, kind => reports.UpholdAsync(kind, id, UserId, reason, cancellationToken), cancellationToken);

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<IActionResult> DecideAsync(string? target, int id, Func<ReportTargetKind, Task<ReportDecision>> decide, CancellationToken cancellationToken)
    {
        if (!ReportTargets.TryParse(target, out var kind))
        {
            return BadRequest();
        }
        switch (await decide(kind))
        {
            case ReportDecision.Done(var done, var hidden, _, _):
                TempData["Message"] = hidden
                    ? text["Masqué : « {0} ».", done.Title].Value
                    : text["Rétabli : « {0} ».", done.Title].Value;
                return Redirect("/moderation/signalements");
            case ReportDecision.Invalid(var errors):
                foreach (var message in errors.Values.SelectMany(m => m))
                {
                    ModelState.AddModelError("", text[message]);
                }
                Items = await reports.QueueAsync(cancellationToken);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case ReportDecision.NothingToDecide(var detail):
                TempData["Message"] = text[detail].Value;
                return Redirect("/moderation/signalements");
            default:
                return NotFound();
        }
    }
}
