using Contrevue.Features.Accounts;
using Contrevue.Features.Events.Invitations;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Mobilisation.Organisers;

/// <summary>
/// Sign-ups chosen on /admin/inscriptions are invited to an upcoming event the organiser organises
/// (<see cref="EventInvitations"/>); after sending, the page says how many were invited (Post/Redirect/Get).
/// </summary>
[Authorize(Policy = Policies.Member)]
public sealed class InviteToEventModel(
    SignUpQueries signUps, InvitableEvents events, EventInvitations invitations, SiteAddress site, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string Path = "/admin/inscriptions/rendez-vous";

    [BindProperty(SupportsGet = true, Name = "ids")] public List<int> Ids { get; set; } = [];
    [BindProperty(Name = "evenement")] public int? EventId { get; set; }

    /// <summary>After sending: the event and the counts, from the redirect's query.</summary>
    [FromQuery(Name = "invitees")] public int? InvitedCount { get; set; }
    [FromQuery(Name = "deja")] public int? AlreadyCount { get; set; }
    [FromQuery(Name = "rdv")] public int? SentEventId { get; set; }

    public IReadOnlyList<SignUp> Selected { get; private set; } = [];
    public IReadOnlyList<InvitableEvent> Events { get; private set; } = [];
    public InvitableEvent? SentEvent { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (InvitedCount is not null && SentEventId is { } sentId
            && await events.FindAsync(User, sentId, cancellationToken) is InvitableEventLookup.Found(var sent))
        {
            SentEvent = sent;
            return;
        }
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await RefusedAsync(StatusCodes.Status400BadRequest, null, cancellationToken);
        }
        var outcome = EventId is { } eventId
            ? await invitations.InviteAsync(User, eventId, Ids, site.Of(Request), cancellationToken)
            : new EventInvitationOutcome.Invalid("Choisissez un rendez-vous.");
        switch (outcome)
        {
            case EventInvitationOutcome.Sent(var invited, var count, var already):
                return Redirect($"{Path}?invitees={count}&deja={already}&rdv={invited.Id}");
            case EventInvitationOutcome.Invalid(var error, var arguments):
                return await RefusedAsync(StatusCodes.Status400BadRequest, text[error, arguments], cancellationToken);
            case EventInvitationOutcome.Forbidden(var reason):
                return await RefusedAsync(StatusCodes.Status403Forbidden, text[reason], cancellationToken);
            case EventInvitationOutcome.TooMany(var wait):
                return await RefusedAsync(StatusCodes.Status429TooManyRequests,
                    text["Vous avez envoyé beaucoup d'invitations dans l'heure : réessayez dans {0} minutes.", Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))], cancellationToken);
            default:
                return await RefusedAsync(StatusCodes.Status404NotFound, text["Rendez-vous introuvable."], cancellationToken);
        }
    }

    private async Task<IActionResult> RefusedAsync(int status, string? error, CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            ModelState.AddModelError("", error);
        }
        Response.StatusCode = status;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Ids.Count > EventInvitations.MostPeople)
        {
            ModelState.AddModelError("", text[EventInvitations.TooManyPeople, EventInvitations.MostPeople]);
            return;
        }
        Selected = await signUps.VisibleAmongAsync(User, Ids, cancellationToken);
        Events = await events.ForOrganiserAsync(User, cancellationToken);
    }
}
