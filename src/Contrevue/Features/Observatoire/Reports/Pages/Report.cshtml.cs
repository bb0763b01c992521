using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Reports.Pages;

/// <summary>The public form to report a dossier or a source; no account, and nothing kept about the sender.</summary>
[Infrastructure.Abuse.AbuseResistant(SuccessUrl = "/observatoire/signaler/merci")]
public sealed class ReportModel(ReportService reports, IStringLocalizer<SharedResource> text) : PageModel
{
    public ReportTarget? Target { get; private set; }
    /// <summary>Set when the target is hidden already: the page says so instead of showing the form.</summary>
    public ReportOutcome.Unavailable? Unavailable { get; private set; }
    public int ReportsToHide => reports.ReportsToHide;
    public int ClientWindowHours => (int)reports.ClientWindow.TotalHours;

    [BindProperty] public ReportForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int? dossier, int? source, CancellationToken cancellationToken) =>
        await LoadAsync(dossier, source, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(int? dossier, int? source, CancellationToken cancellationToken)
    {
        if (await LoadAsync(dossier, source, cancellationToken) is { } unavailable)
        {
            return unavailable;
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        switch (await reports.ReportAsync(Target!.Kind, Target.Id, Form.Reason, Form.Comment, Infrastructure.Abuse.ClientHasher.ClientOf(HttpContext), cancellationToken))
        {
            case ReportOutcome.Received(var hidden):
                return Redirect($"/observatoire/signaler/merci?statut={(hidden ? "hidden" : "received")}");
            case ReportOutcome.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    foreach (var message in messages)
                    {
                        // The service speaks French (its API answers are French); the page speaks the visitor's language.
                        ModelState.AddModelError(field == "comment" ? "Form.Comment" : "Form.Reason", text[message]);
                    }
                }
                return Page();
            case ReportOutcome.Unavailable gone:
                return Hidden(gone);
            default:
                throw new InvalidOperationException("Signalement sans issue.");
        }
    }

    /// <summary>Finds the target; returns the answer to give instead of the form when there is none to report.</summary>
    private async Task<IActionResult?> LoadAsync(int? dossier, int? source, CancellationToken cancellationToken)
    {
        var (kind, id) = (dossier, source) switch
        {
            ({ } d, null) => (ReportTargetKind.Dossier, d),
            (null, { } s) => (ReportTargetKind.Source, s),
            _ => (ReportTargetKind.Dossier, 0),
        };
        Target = id > 0 ? await reports.FindTargetAsync(kind, id, cancellationToken) : null;
        if (Target is null)
        {
            return NotFound();
        }
        return ReportService.Unavailability(kind, id, Target, text) is { } unavailable ? Hidden(unavailable) : null;
    }

    private PageResult Hidden(ReportOutcome.Unavailable unavailable)
    {
        Unavailable = unavailable;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public sealed class ReportForm
    {
        [Required(ErrorMessage = "Choisissez la raison du signalement.")]
        [Display(Name = "Raison du signalement")]
        public string? Reason { get; set; }

        [StringLength(ReportService.MaxCommentLength, ErrorMessage = "2000 caractères au plus.")]
        [Display(Name = "Commentaire")]
        public string? Comment { get; set; }
    }
}
