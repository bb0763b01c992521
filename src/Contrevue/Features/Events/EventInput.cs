namespace Contrevue.Features.Events;

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/events</c>, and what the event form fills.</summary>
/// <param name="Start">Paris time without offset: "2027-03-10T18:30".</param>
/// <param name="Recurrence">An RFC 5545 RRULE, weekly or monthly: "FREQ=WEEKLY;BYDAY=WE".</param>
/// <param name="Exceptions">Dates of cancelled occurrences: "2027-03-24".</param>
/// <param name="Dossier">The id of the Observatoire dossier a council session (kind <c>council-session</c>) debates.</param>
public sealed record EventInput(
    string? Title, string? Kind, int? Collective, string? Start, string? End, string? Recurrence, IReadOnlyList<string>? Exceptions,
    bool? Online, string? OnlineUrl, EventPlaceInput? Place, string? Territory, string? Description, int? Capacity, bool? Approval,
    int? Dossier = null);

public sealed record EventPlaceInput(string? Address, string? Territory);

/// <summary>What a write came to.</summary>
public abstract record EventChange
{
    public sealed record Done(Event Event) : EventChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : EventChange;
    public sealed record NotFound : EventChange;
    /// <summary>Signed in, but not one who may write this event (not a member of its collective, not a moderator for a national one).</summary>
    public sealed record Forbidden(string Reason) : EventChange;
}

/// <summary>One occurrence of an event, with its instants in Paris time.</summary>
public sealed record EventOccurrence(Event Event, DateTimeOffset Start, DateTimeOffset End);

/// <summary>What the agenda asks: a window, and optional kind, collective and territory.</summary>
/// <param name="Departements">Events in any of these départements (a territory page's neighbourhood).</param>
public sealed record EventQuery(DateTimeOffset From, DateTimeOffset To, string? Kind = null, int? CollectiveId = null, Territories.TerritoryReference? Territory = null,
    IReadOnlyCollection<string>? Departements = null, int? DossierId = null);
