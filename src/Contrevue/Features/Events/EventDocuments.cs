using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events;

public sealed record EventCollectiveDto(int Id, string Name, string? Profile);

public sealed record EventTerritoryDto(string Reference, string Name);

public sealed record EventPlaceDto(string? Address, EventTerritoryDto? Territory);

/// <summary>An event as anyone reads it: never its online link (<see cref="OnlineUrl"/> is only given to those who may write it).</summary>
public sealed record EventDto(
    int Id, string Title, string Kind, string KindLabel, EventCollectiveDto? Collective, string Start, string End,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Recurrence, IReadOnlyList<string> Exceptions, bool Online, EventPlaceDto? Place,
    EventTerritoryDto? Territory, string? Description, int? Capacity, bool Approval, bool Cancelled, int Sequence, string Url, string Calendar,
    int? Dossier, string? OrganisedBy)
{
    public string? OnlineUrl { get; init; }
}

/// <summary>One occurrence in a list: <see cref="Id"/> is the event's; <see cref="Dossier"/> the Observatoire dossier a council session debates.</summary>
public sealed record EventOccurrenceDto(
    int Id, DateTimeOffset OccurrenceStart, DateTimeOffset OccurrenceEnd, string Kind, string Title, EventCollectiveDto? Collective,
    bool Online, EventPlaceDto? Place, bool Cancelled, string Url, int? Dossier);

public sealed record EventListDto(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<EventOccurrenceDto> Items, bool Truncated);

/// <summary>Events as documents: their collective named through the directory, their territories by name.</summary>
public sealed class EventDocuments(ContrevueDbContext db, CollectiveDirectory collectives)
{
    public async Task<EventDto> DocumentAsync(Event e, bool withOnlineUrl, CancellationToken cancellationToken)
    {
        var names = await TerritoryNamesAsync([e], cancellationToken);
        var organisers = await OrganisersAsync([e], cancellationToken);
        var start = EventService.Local(e.LocalStart);
        var end = EventService.Local(e.LocalEnd);
        return new EventDto(
            e.Id, e.Title, e.Kind, EventCodes.KindLabel(e.Kind), Organiser(e, organisers), e.LocalStart, e.LocalEnd,
            EventTime.ToParis(start), EventTime.ToParis(end), e.Recurrence,
            [.. EventService.ExceptionDates(e).Order().Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))],
            e.Online, Place(e, names), Territory(e.Territory, names), e.Description, e.Capacity, e.Approval, e.Cancelled, e.Sequence,
            e.PagePath, $"/agenda/{e.Id}.ics", e.DossierId, e.OrganiserName)
        {
            OnlineUrl = withOnlineUrl ? e.OnlineUrl : null,
        };
    }

    public async Task<List<EventOccurrenceDto>> OccurrencesAsync(IReadOnlyList<EventOccurrence> occurrences, CancellationToken cancellationToken)
    {
        var events = occurrences.Select(o => o.Event).DistinctBy(e => e.Id).ToList();
        var names = await TerritoryNamesAsync(events, cancellationToken);
        var organisers = await OrganisersAsync(events, cancellationToken);
        return [.. occurrences.Select(o => new EventOccurrenceDto(
            o.Event.Id, o.Start, o.End, o.Event.Kind, o.Event.Title, Organiser(o.Event, organisers), o.Event.Online,
            Place(o.Event, names), o.Event.Cancelled, o.Event.PagePath, o.Event.DossierId))];
    }

    public async Task<Dictionary<int, PublicCollective>> OrganisersAsync(IReadOnlyCollection<Event> events, CancellationToken cancellationToken)
    {
        var ids = events.Where(e => e.CollectiveId is not null).Select(e => e.CollectiveId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await collectives.PublicAsync(ids, cancellationToken);
    }

    /// <summary>The names of the communes and territories the events name, by reference ("commune:42218").</summary>
    public async Task<Dictionary<string, string>> TerritoryNamesAsync(IReadOnlyCollection<Event> events, CancellationToken cancellationToken)
    {
        var references = events.SelectMany(e => new[] { e.PlaceTerritory, e.Territory }).OfType<TerritoryReference>().Distinct().ToList();
        var names = new Dictionary<string, string>();
        var communes = references.Where(r => r.Kind == TerritoryKind.Commune).Select(r => r.Code).ToList();
        if (communes.Count > 0)
        {
            foreach (var commune in await db.Set<Commune>().AsNoTracking().Where(c => communes.Contains(c.Code)).Select(c => new { c.Code, c.Name }).ToListAsync(cancellationToken))
            {
                names[new TerritoryReference(TerritoryKind.Commune, commune.Code).ToString()] = commune.Name;
            }
        }
        foreach (var other in references.Where(r => r.Kind != TerritoryKind.Commune))
        {
            names[other.ToString()] = await db.NameOfAsync(other, cancellationToken) ?? other.Code;
        }
        return names;
    }

    public static EventCollectiveDto? Organiser(Event e, IReadOnlyDictionary<int, PublicCollective> organisers) =>
        e.CollectiveId is { } id && organisers.TryGetValue(id, out var collective) ? new EventCollectiveDto(id, collective.Name, collective.ProfilePath) : null;

    private static EventPlaceDto? Place(Event e, IReadOnlyDictionary<string, string> names) =>
        e.Address is null && e.PlaceTerritory is null ? null : new EventPlaceDto(e.Address, Territory(e.PlaceTerritory, names));

    private static EventTerritoryDto? Territory(TerritoryReference? reference, IReadOnlyDictionary<string, string> names) =>
        reference is { } r ? new EventTerritoryDto(Reference(r), names.GetValueOrDefault(r.ToString(), r.Code)) : null;

    /// <summary>As the API takes them: a commune by its code alone (42218), others with their kind (departement:42).</summary>
    public static string Reference(TerritoryReference reference) =>
        reference.Kind == TerritoryKind.Commune ? reference.Code : reference.ToString();
}
