using System.Text.Json;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Contrevue.Infrastructure.Web;

namespace Contrevue.Features.Events.Pages;

/// <summary>
/// An event's public page: when and where (never the online link), who organises it, its next occurrences,
/// a calendar file, and Schema.org <c>Event</c> data for search engines.
/// </summary>
[OutputCache(PolicyName = EventsCache.Policy)]
public sealed class EventPageModel(EventService events, EventDocuments documents, Observatoire.DossierLookup dossiers, SiteAddress site, TimeProvider time) : PageModel
{
    public bool Past { get; private set; }

    public const int NextShown = 6;

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public Event Event { get; private set; } = null!;
    public EventDto Document { get; private set; } = null!;
    public List<EventOccurrence> Next { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>The public dossier a council session debates.</summary>
    public Observatoire.DossierLink? Dossier { get; private set; }
    public string JsonLd { get; private set; } = "";

    /// <summary><c>{key}</c> is "12-reunion-inter-collectifs", or just "12".</summary>
    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        var (found, isCurrent) = await EventKey.FindAsync(events, key, cancellationToken);
        if (found is null)
        {
            return NotFound();
        }
        if (!isCurrent)
        {
            return RedirectPermanent(found.PagePath);
        }
        Event = found;
        Document = await documents.DocumentAsync(found, withOnlineUrl: false, cancellationToken);
        var now = time.GetUtcNow();
        Next = [.. EventService.Expand(found, now, now.Add(EventService.MaxWindow), NextShown)];
        CanEdit = User.Identity?.IsAuthenticated == true && await events.MayWriteAsync(User, found.CollectiveId, cancellationToken);
        JsonLd = StructuredData(site.Of(Request));
        Past = found.LastEndUtc is { } end && end <= now.UtcDateTime;
        Dossier = found.DossierId is { } dossierId ? await dossiers.PublicLinkAsync(dossierId, cancellationToken) : null;
        return Page();
    }

    /// <summary>Schema.org Event: the next occurrence (or the first, once all are past); a virtual location without its URL.</summary>
    private string StructuredData(string siteUrl)
    {
        var occurrence = Next.FirstOrDefault();
        var start = occurrence?.Start ?? Document.StartsAt;
        var end = occurrence?.End ?? Document.EndsAt;
        var root = siteUrl.TrimEnd('/');
        object location = Event.Online && Document.Place is null
            ? new Dictionary<string, object?> { ["@type"] = "VirtualLocation", ["name"] = "En ligne" }
            : new Dictionary<string, object?>
            {
                ["@type"] = "Place",
                ["name"] = Document.Place?.Address ?? Document.Place?.Territory?.Name,
                ["address"] = new Dictionary<string, object?>
                {
                    ["@type"] = "PostalAddress",
                    ["streetAddress"] = Document.Place?.Address,
                    ["addressLocality"] = Document.Place?.Territory?.Name,
                    ["addressCountry"] = "FR",
                },
            };
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["name"] = Event.Title,
            ["startDate"] = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ["endDate"] = end.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ["eventStatus"] = Event.Cancelled ? "https://schema.org/EventCancelled" : "https://schema.org/EventScheduled",
            ["eventAttendanceMode"] = Event.Online
                ? (Document.Place is null ? "https://schema.org/OnlineEventAttendanceMode" : "https://schema.org/MixedEventAttendanceMode")
                : "https://schema.org/OfflineEventAttendanceMode",
            ["location"] = location,
            ["description"] = Infrastructure.Text.SafeMarkdown.PlainText(Event.Description, 300),
            ["url"] = root + Event.PagePath,
            ["isAccessibleForFree"] = true,
            ["organizer"] = Document.Collective is { } collective
                ? new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = collective.Name, ["url"] = collective.Profile is null ? null : root + collective.Profile }
                : Event.OrganiserName is { } organiserName
                    ? new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = organiserName }
                    : new Dictionary<string, object?> { ["@type"] = "Organization", ["name"] = "Contrevue", ["url"] = root + "/" },
        };
        if (Event.Capacity is { } capacity)
        {
            data["maximumAttendeeCapacity"] = capacity;
        }
        // The default encoder escapes <, > and &: the text cannot close the script element.
        return JsonSerializer.Serialize(data, JsonOptions);
    }
}
