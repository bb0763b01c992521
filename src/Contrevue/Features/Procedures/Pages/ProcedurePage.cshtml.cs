using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Pages;

/// <summary>
/// A procedure: to its collective's members with their actions, to anyone once public (without members' data).
/// Anonymous visitors of a private one are sent to sign in; signed-in non-members get "not found".
/// </summary>
public sealed class ProcedurePageModel(ProcedureService procedures, Calendar.ProcedureSchedule schedule, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    public Procedure Procedure { get; private set; } = null!;
    public string CollectiveName { get; private set; } = "";
    public bool IsMember { get; private set; }
    public IReadOnlyList<int> NextIds { get; private set; } = [];
    public IReadOnlyList<ProcedureSeries> Series { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public ProcedureDeadlinesView Deadlines { get; private set; } = null!;

    [BindProperty] public ProcedureEventInput? NewEvent { get; set; }
    [BindProperty] public string? DocumentTitle { get; set; }
    [BindProperty] public bool DocumentReceived { get; set; }
    [BindProperty] public string? DocumentOn { get; set; }
    [BindProperty] public IFormFile? DocumentFile { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? NextKind { get; set; }
    [BindProperty] public string? SeriesTitle { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ?? Page();

    public Task<IActionResult> OnPostEventAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, userId => procedures.AddEventAsync(userId, id, NewEvent ?? new(null, null, null), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRemoveEventAsync(int id, int eventId, CancellationToken cancellationToken) =>
        ActAsync(id, userId => procedures.RemoveEventAsync(userId, id, eventId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDocumentAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, async userId =>
        {
            if (DocumentFile is not { Length: > 0 } file)
            {
                return new ProcedureChange.Invalid(new() { ["file"] = ["Choisissez le fichier à joindre."] });
            }
            await using var content = file.OpenReadStream();
            return await procedures.AddDocumentAsync(userId, id, DocumentTitle, DocumentReceived, DocumentOn, content, file.FileName, file.Length, cancellationToken);
        }, cancellationToken);

    public Task<IActionResult> OnPostRemoveDocumentAsync(int id, int documentId, CancellationToken cancellationToken) =>
        ActAsync(id, userId => procedures.RemoveDocumentAsync(userId, id, documentId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, userId => procedures.SetStatusAsync(userId, id, Status, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostPublishAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, userId => procedures.SetPublicAsync(userId, id, true, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostUnpublishAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, userId => procedures.SetPublicAsync(userId, id, false, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostSeriesAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, async userId =>
        {
            if (await procedures.ReadAsync(id, userId, cancellationToken) is not ProcedureLookup.Visible { IsMember: true } visible)
            {
                return new ProcedureChange.NotFound();
            }
            var (series, errors) = await procedures.CreateSeriesAsync(userId, visible.Procedure.CollectiveId, SeriesTitle, cancellationToken);
            return series is null
                ? new ProcedureChange.Invalid(errors)
                : await procedures.AssignSeriesAsync(userId, id, series.Id, cancellationToken);
        }, cancellationToken);

    public async Task<IActionResult> OnPostContinueAsync(int id, CancellationToken cancellationToken)
    {
        if (ProcedurePages.UserId(User) is not { } userId)
        {
            return Challenge();
        }
        switch (await procedures.ContinueAsync(userId, id, NextKind, cancellationToken))
        {
            case ProcedureChange.Done(var next):
                return Redirect($"/procedures/{next.Id}/modifier");
            case ProcedureChange.Invalid(var errors):
                return await ShowErrorsAsync(id, errors, cancellationToken);
            default:
                return NotFound();
        }
    }

    /// <summary>A member's action: done, then back to the page (post-redirect-get), or the page again with its errors.</summary>
    private async Task<IActionResult> ActAsync(int id, Func<string, Task<ProcedureChange>> action, CancellationToken cancellationToken)
    {
        if (ProcedurePages.UserId(User) is not { } userId)
        {
            return Challenge();
        }
        switch (await action(userId))
        {
            case ProcedureChange.Done:
                return Redirect($"/procedures/{id}");
            case ProcedureChange.Invalid(var errors):
                return await ShowErrorsAsync(id, errors, cancellationToken);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> ShowErrorsAsync(int id, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        Errors = [.. errors.Values.SelectMany(m => m).Select(m => text[m].Value)];
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        switch (await procedures.ReadAsync(id, ProcedurePages.UserId(User), cancellationToken))
        {
            case ProcedureLookup.Visible visible:
                Procedure = visible.Procedure;
                CollectiveName = visible.CollectiveName;
                IsMember = visible.IsMember;
                Deadlines = new ProcedureDeadlinesView(Procedure, await schedule.StepsAsync(Procedure, cancellationToken), Infrastructure.Time.ParisCalendar.Today(time));
                if (IsMember)
                {
                    NextIds = await procedures.NextIdsAsync(id, cancellationToken);
                    Series = await procedures.SeriesOfAsync(Procedure.CollectiveId, cancellationToken);
                }
                // A public page may be unpublished at any time: kept by no shared cache.
                Response.Headers.CacheControl = "private, no-store";
                return null;
            case ProcedureLookup.SignInRequired:
                return Challenge();
            default:
                return NotFound();
        }
    }
}
