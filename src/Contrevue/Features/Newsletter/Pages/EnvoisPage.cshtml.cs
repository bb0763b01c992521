using Contrevue.Features.Accounts;
using Contrevue.Features.Newsletter.Mailings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>
/// A mailing: its state, audience and counters, its preview (the sanitised HTML as it is sent), a test to
/// oneself, scheduling now or at a Paris date, pause and resume, deleting a draft.
/// </summary>
[Authorize(Policy = Policies.Member)]
[EnableRateLimiting(MailingRateLimits.Writes)]
public sealed class EnvoisPageModel(MailingService mailings, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "fait")] public string? Done { get; set; }
    [BindProperty(Name = "Quand")] public string? When { get; set; }
    [BindProperty(Name = "Date")] public string? At { get; set; }

    public Mailing Mailing { get; private set; } = null!;
    public MailingCounters Counters { get; private set; } = null!;
    public int Audience { get; private set; }
    public string Preview { get; private set; } = "";
    public string? Refused { get; private set; }
    public string? DateError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostTestAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (await mailings.SendTestAsync(User, Mailing, cancellationToken) is null)
        {
            return Refuse(text["Votre compte n'a pas d'adresse électronique confirmée : le test ne peut partir."].Value, StatusCodes.Status409Conflict);
        }
        return Redirect($"/envois/{id}?fait=test");
    }

    public async Task<IActionResult> OnPostScheduleAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        DateTimeOffset? at = null;
        if (When == "date")
        {
            at = EnvoiText.ReadParis(At);
            if (at is null)
            {
                DateError = text["Choisissez le jour et l'heure du départ (heure de Paris)."].Value;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
        }
        return await AnswerAsync(id, await mailings.ScheduleAsync(User, id, at, cancellationToken), "programmee", cancellationToken);
    }

    public async Task<IActionResult> OnPostPauseAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken)
            ? await AnswerAsync(id, await mailings.PauseAsync(User, id, cancellationToken), "pause", cancellationToken)
            : NotFound();

    public async Task<IActionResult> OnPostResumeAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken)
            ? await AnswerAsync(id, await mailings.ResumeAsync(User, id, cancellationToken), "reprise", cancellationToken)
            : NotFound();

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        return await mailings.DeleteAsync(User, id, cancellationToken) switch
        {
            MailingChange.Done => Redirect("/envois"),
            var change => await AnswerAsync(id, change, "", cancellationToken),
        };
    }

    private async Task<IActionResult> AnswerAsync(int id, MailingChange change, string done, CancellationToken cancellationToken)
    {
        switch (change)
        {
            case MailingChange.Done:
                return Redirect($"/envois/{id}?fait={done}");
            case MailingChange.Invalid(var errors):
                DateError = string.Join(" ", errors.Values.SelectMany(v => v));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case MailingChange.Conflict(var reason):
                await LoadAsync(id, cancellationToken);
                return Refuse(reason, StatusCodes.Status409Conflict);
            case MailingChange.NoAudience(var reason):
                return Refuse(reason, StatusCodes.Status422UnprocessableEntity);
            case MailingChange.Forbidden(var reason):
                return Refuse(reason, StatusCodes.Status403Forbidden);
            default:
                return NotFound();
        }
    }

    private PageResult Refuse(string reason, int status)
    {
        Refused = reason;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        if (await mailings.FindAsync(User, id, cancellationToken) is not { } mailing)
        {
            return false;
        }
        Mailing = mailing;
        Counters = await mailings.CountersAsync(id, cancellationToken);
        Audience = await mailings.AudienceAsync(mailing, cancellationToken);
        Preview = MailingRendering.Content(mailing.Markdown);
        At ??= EnvoiText.ParisInput(time.GetUtcNow().UtcDateTime.AddHours(1));
        return true;
    }
}
