using Contrevue.Features.Accounts;
using Contrevue.Features.Events.Rsvps;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Events.Pages;

/// <summary>The participants of an event, for its organisers only: who confirmed, who waits for approval, and the approval button.</summary>
[Authorize(Policy = Policies.Member)]
public sealed class ParticipantsModel(EventService events, RsvpService rsvps, SiteAddress site) : PageModel
{
    public Event Event { get; private set; } = null!;
    public List<ParticipantDto> Participants { get; private set; } = [];
    [BindProperty(SupportsGet = true, Name = "complet")] public bool Full { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await events.FindAsync(id, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        if (await rsvps.ParticipantsAsync(User, id, cancellationToken) is not { } participants)
        {
            return Forbid();
        }
        Event = found;
        Participants = participants;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, [FromForm] int participant, CancellationToken cancellationToken) =>
        await rsvps.ApproveAsync(User, id, participant, site.Of(Request), cancellationToken) switch
        {
            true => Redirect($"/agenda/{id}/participants"),
            false => Redirect($"/agenda/{id}/participants?complet=true"),
            null => await events.FindAsync(id, cancellationToken) is null ? NotFound() : Forbid(),
        };
}
