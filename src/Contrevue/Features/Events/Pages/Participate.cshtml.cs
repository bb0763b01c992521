using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Pages;

/// <summary>
/// « Je participe »: a name (optional) and an address, to which a confirmation link goes; the page says so
/// whatever the address. A page of its own rather than a form on the event's page: its fresh proof-of-work
/// challenge would keep that page out of the output cache, and the event's page is the one a newspaper links to.
/// </summary>
[AbuseResistant]
public sealed class ParticipateModel(EventService events, Rsvps.RsvpService rsvps, SiteAddress site, TimeProvider time, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }

    public Event Event { get; private set; } = null!;
    /// <summary>Neither cancelled nor over: participations are taken.</summary>
    public bool Open { get; private set; }
    public bool Requested { get; private set; }
    public string When { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string key, [FromQuery(Name = "demande")] bool requested, CancellationToken cancellationToken)
    {
        if (await LoadAsync(key, cancellationToken) is { } refused)
        {
            return refused;
        }
        Requested = requested;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken cancellationToken)
    {
        if (await LoadAsync(key, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (!ModelState.IsValid || !Open)
        {
            return Page();
        }
        switch (await rsvps.RequestAsync(Event.Id, Name, Email, site.Of(Request), cancellationToken))
        {
            case Rsvps.RsvpRequestResult.Accepted:
                return Redirect($"{Event.PagePath}/participer?demande=true");
            case Rsvps.RsvpRequestResult.Invalid(var errors):
                foreach (var (field, messages) in errors)
                {
                    ModelState.AddModelError(field == "email" ? nameof(Email) : field == "name" ? nameof(Name) : "", text[messages[0]]);
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var (found, isCurrent) = await EventKey.FindAsync(events, key, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        if (!isCurrent)
        {
            return RedirectPermanent($"{found.PagePath}/participer");
        }
        Event = found;
        var now = time.GetUtcNow();
        Open = !found.Cancelled && !(found.LastEndUtc is { } end && end <= now.UtcDateTime);
        if (EventService.Expand(found, now, now.Add(EventService.MaxWindow), 1).FirstOrDefault() is { } next)
        {
            When = EventText.When(next.Start, next.End, System.Globalization.CultureInfo.CurrentCulture, text);
        }
        return null;
    }
}
