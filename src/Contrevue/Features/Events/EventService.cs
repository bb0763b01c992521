using System.Globalization;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Audit;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events;

/// <summary>Writes events for those who may (a collective's members, moderators for national events) and reads their occurrences.</summary>
public sealed class EventService(ContrevueDbContext db, CollectiveDirectory collectives, Observatoire.DossierLookup dossiers, AuditLog audit, CacheInvalidation cache,
    IEnumerable<IEventChangeObserver> observers, TimeProvider time)
{
    /// <summary>No occurrence lasts longer.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(14);
    /// <summary>The widest window a read expands.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public Task<Event?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.Set<Event>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    /// <summary>Whether the user may write an event of this collective (null: a national event).</summary>
    public async Task<bool> MayWriteAsync(ClaimsPrincipal user, int? collectiveId, CancellationToken cancellationToken) =>
        collectiveId is { } id
            ? await collectives.IsMemberAsync(UserId(user), id, cancellationToken)
            : user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);

    public async Task<EventChange> CreateAsync(ClaimsPrincipal user, EventInput input, CancellationToken cancellationToken)
    {
        if (!await MayWriteAsync(user, input.Collective, cancellationToken))
        {
            return Forbidden(input.Collective);
        }
        var now = time.GetUtcNow().UtcDateTime;
        var draft = new Event { Title = "", Kind = "", LocalStart = "", LocalEnd = "", CreatedAt = now };
        var errors = await ApplyAsync(draft, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new EventChange.Invalid(errors);
        }
        draft.UpdatedAt = now;
        db.Add(draft);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(UserId(user), "event.create", $"event:{draft.Id}", draft.Kind);
        await db.SaveChangesAsync(cancellationToken);
        await PublishedAsync([draft.DossierId], cancellationToken);
        return new EventChange.Done(draft);
    }

    public async Task<EventChange> UpdateAsync(ClaimsPrincipal user, int id, EventInput input, CancellationToken cancellationToken)
    {
        var existing = await db.Set<Event>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (existing is null)
        {
            return new EventChange.NotFound();
        }
        if (!await MayWriteAsync(user, existing.CollectiveId, cancellationToken))
        {
            return Forbidden(existing.CollectiveId);
        }
        if (input.Collective != existing.CollectiveId && !await MayWriteAsync(user, input.Collective, cancellationToken))
        {
            return Forbidden(input.Collective);
        }
        var formerDossier = existing.DossierId;
        var errors = await ApplyAsync(existing, input, cancellationToken);
        if (errors.Count > 0)
        {
            return new EventChange.Invalid(errors);
        }
        existing.Sequence++;
        existing.UpdatedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(UserId(user), "event.update", $"event:{existing.Id}");
        foreach (var observer in observers)
        {
            await observer.ChangedAsync(existing, cancelled: false, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await PublishedAsync([formerDossier, existing.DossierId], cancellationToken);
        return new EventChange.Done(existing);
    }

    public async Task<EventChange> CancelAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        var existing = await db.Set<Event>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (existing is null)
        {
            return new EventChange.NotFound();
        }
        if (!await MayWriteAsync(user, existing.CollectiveId, cancellationToken))
        {
            return Forbidden(existing.CollectiveId);
        }
        if (!existing.Cancelled)
        {
            existing.Cancelled = true;
            existing.Sequence++;
            existing.UpdatedAt = time.GetUtcNow().UtcDateTime;
            audit.Record(UserId(user), "event.cancel", $"event:{existing.Id}");
            foreach (var observer in observers)
            {
                await observer.ChangedAsync(existing, cancelled: true, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await PublishedAsync([existing.DossierId], cancellationToken);
        }
        return new EventChange.Done(existing);
    }

    /// <summary>
    /// Checks a public proposal as an organiser's event would be checked, on an event that is never saved:
    /// the French errors by field, none when it is valid.
    /// </summary>
    public Task<Dictionary<string, string[]>> CheckProposalAsync(EventInput input, CancellationToken cancellationToken) =>
        ApplyAsync(new Event { Title = "", Kind = "", LocalStart = "", LocalEnd = "" }, input with { Collective = null }, cancellationToken);

    /// <summary>
    /// A moderator accepted a public proposal: the event is added, without saving (the moderation decision
    /// saves it in its transaction). No collective organises it, so the moderators keep it as a national event.
    /// </summary>
    public async Task<EventChange> AddProposedAsync(EventInput input, string? organiserName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var draft = new Event { Title = "", Kind = "", LocalStart = "", LocalEnd = "", CreatedAt = now, UpdatedAt = now };
        var errors = await ApplyAsync(draft, input with { Collective = null }, cancellationToken);
        if (errors.Count > 0)
        {
            return new EventChange.Invalid(errors);
        }
        draft.OrganiserName = string.IsNullOrWhiteSpace(organiserName) ? null : organiserName.Trim();
        db.Add(draft);
        return new EventChange.Done(draft);
    }

    /// <summary>After a write: every agenda page, feed and territory panel shows it at once, and the pages of the dossiers it was or is linked to.</summary>
    public Task PublishedAsync(IReadOnlyCollection<int?> dossierIds, CancellationToken cancellationToken) =>
        cache.EvictAsync([EventsCache.AllTag, TerritoryCache.Tag,
            .. dossierIds.OfType<int>().Distinct().Select(Observatoire.DossierLookup.PageCacheTag)], cancellationToken);

    /// <summary>The occurrences in the window, in order, at most <paramref name="limit"/>, and whether more were left out; their events carry only the <see cref="Listed"/> fields.</summary>
    public async Task<(List<EventOccurrence> Occurrences, bool Truncated)> OccurrencesAsync(EventQuery query, int limit, CancellationToken cancellationToken)
    {
        var from = query.From.UtcDateTime;
        var to = query.To.UtcDateTime;
        var events = db.Set<Event>().AsNoTracking().Where(e => e.FirstStartUtc < to && (e.LastEndUtc == null || e.LastEndUtc > from));
        if (query.Kind is { } kind)
        {
            events = events.Where(e => e.Kind == kind);
        }
        if (query.CollectiveId is { } collectiveId)
        {
            events = events.Where(e => e.CollectiveId == collectiveId);
        }
        if (query.DossierId is { } dossierId)
        {
            events = events.Where(e => e.DossierId == dossierId);
        }
        if (query.Departements is { } departements)
        {
            var codes = departements.ToList();
            events = events.Where(e => e.DepartementCode != null && codes.Contains(e.DepartementCode));
        }
        if (query.Territory is { } territory)
        {
            events = await InTerritoryAsync(events, territory, cancellationToken);
        }
        var found = await events.Select(Listed).ToListAsync(cancellationToken);
        var occurrences = found.SelectMany(e => Expand(e, query.From, query.To, limit + 1))
            .OrderBy(o => o.Start).ThenBy(o => o.Event.Id).Take(limit + 1).ToList();
        var truncated = occurrences.Count > limit;
        return (truncated ? occurrences[..limit] : occurrences, truncated);
    }

    /// <summary>
    /// What a list of occurrences reads of each event: when it recurs, what it is, where, by whom. Neither the
    /// description nor the online link: lists never show them, and not reading them halves what a busy
    /// département's list loads for each request.
    /// </summary>
    private static readonly System.Linq.Expressions.Expression<Func<Event, Event>> Listed = e => new Event
    {
        Id = e.Id, Title = e.Title, Kind = e.Kind, CollectiveId = e.CollectiveId, DossierId = e.DossierId,
        LocalStart = e.LocalStart, LocalEnd = e.LocalEnd, Recurrence = e.Recurrence, Exceptions = e.Exceptions,
        Online = e.Online, Address = e.Address, PlaceTerritoryKind = e.PlaceTerritoryKind, PlaceTerritoryCode = e.PlaceTerritoryCode,
        TerritoryKind = e.TerritoryKind, TerritoryCode = e.TerritoryCode, Cancelled = e.Cancelled,
    };

    private async Task<IQueryable<Event>> InTerritoryAsync(IQueryable<Event> events, TerritoryReference territory, CancellationToken cancellationToken)
    {
        var code = territory.Code;
        switch (territory.Kind)
        {
            case TerritoryKind.Departement:
                return events.Where(e => e.DepartementCode == code);
            case TerritoryKind.Region:
                var departements = await db.Set<Departement>().Where(d => d.RegionCode == code).Select(d => d.Code).ToListAsync(cancellationToken);
                return events.Where(e => e.DepartementCode != null && departements.Contains(e.DepartementCode));
            case TerritoryKind.Epci:
                var communes = await db.Set<Commune>().Where(c => c.EpciSiren == code).Select(c => c.Code).ToListAsync(cancellationToken);
                return events.Where(e =>
                    (e.TerritoryKind == TerritoryKind.Epci && e.TerritoryCode == code)
                    || (e.PlaceTerritoryCode != null && communes.Contains(e.PlaceTerritoryCode))
                    || (e.TerritoryKind == TerritoryKind.Commune && e.TerritoryCode != null && communes.Contains(e.TerritoryCode)));
            default:
                return events.Where(e => e.PlaceTerritoryCode == code || (e.TerritoryKind == TerritoryKind.Commune && e.TerritoryCode == code));
        }
    }

    /// <summary>The occurrences of one event that overlap the window, cancelled dates left out, at most <paramref name="limit"/>.</summary>
    public static IEnumerable<EventOccurrence> Expand(Event e, DateTimeOffset from, DateTimeOffset to, int limit = 1000)
    {
        var start = Local(e.LocalStart);
        var duration = Local(e.LocalEnd) - start;
        var starts = e.Recurrence is { } rule && Recurrence.Parse(rule, out _) is { } recurrence
            ? recurrence.Starts(start, EventTime.LocalOf(to).AddDays(1))
            : [start];
        var cancelled = ExceptionDates(e);
        var produced = 0;
        foreach (var local in starts)
        {
            if (cancelled.Contains(DateOnly.FromDateTime(local)))
            {
                continue;
            }
            var begins = EventTime.ToParis(local);
            if (begins >= to)
            {
                yield break;
            }
            var ends = EventTime.ToParis(local + duration);
            if (ends <= from)
            {
                continue;
            }
            yield return new EventOccurrence(e, begins, ends);
            if (++produced == limit)
            {
                yield break;
            }
        }
    }

    public static HashSet<DateOnly> ExceptionDates(Event e) =>
        [.. (e.Exceptions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))];

    public static DateTime Local(string text) => DateTime.ParseExact(text, EventTime.LocalFormat, CultureInfo.InvariantCulture);

    /// <summary>Checks every field and copies them onto the event; the French errors by field, none when it is valid.</summary>
    private async Task<Dictionary<string, string[]>> ApplyAsync(Event target, EventInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            Fail("title", "Le titre est obligatoire.");
        }
        else if (title.Length > Event.MaxTitleLength || title.Contains('\n') || title.Contains('\r') || title.Contains('\t'))
        {
            Fail("title", $"Le titre tient sur une ligne de {Event.MaxTitleLength} caractères au plus.");
        }
        if (!EventCodes.IsKind(input.Kind))
        {
            Fail("kind", "Type de rendez-vous inconnu : " + string.Join(", ", EventCodes.Kinds.Select(k => k.Code)) + ".");
        }

        var hasStart = EventTime.TryParseLocal(input.Start, out var start);
        var hasEnd = EventTime.TryParseLocal(input.End, out var end);
        if (!hasStart || start.Year is < 2000 or > 2100)
        {
            Fail("start", "Le début s'écrit en heure de Paris, sans décalage : 2027-03-10T18:30.");
        }
        if (!hasEnd || end.Year is < 2000 or > 2100)
        {
            Fail("end", "La fin s'écrit en heure de Paris, sans décalage : 2027-03-10T20:00.");
        }
        else if (hasStart && end <= start)
        {
            Fail("end", "La fin doit venir après le début.");
        }
        else if (hasStart && end - start > MaxDuration)
        {
            Fail("end", "Un rendez-vous dure au plus 14 jours ; pour une série, donnez une récurrence.");
        }

        Recurrence? recurrence = null;
        if (!string.IsNullOrWhiteSpace(input.Recurrence))
        {
            recurrence = Recurrence.Parse(input.Recurrence, out var recurrenceError);
            if (recurrence is null)
            {
                Fail("recurrence", recurrenceError!);
            }
        }
        var exceptions = new SortedSet<DateOnly>();
        foreach (var text in input.Exceptions ?? [])
        {
            if (!DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Fail("exceptions", "Les dates annulées s'écrivent AAAA-MM-JJ : 2027-03-24.");
                break;
            }
            exceptions.Add(date);
        }
        if (exceptions.Count > Event.MaxExceptions)
        {
            Fail("exceptions", $"Au plus {Event.MaxExceptions} dates annulées.");
        }
        else if (exceptions.Count > 0 && string.IsNullOrWhiteSpace(input.Recurrence))
        {
            Fail("exceptions", "Les dates annulées ne s'emploient qu'avec une récurrence.");
        }

        var online = input.Online ?? false;
        string? onlineUrl = null;
        if (online)
        {
            onlineUrl = input.OnlineUrl?.Trim();
            if (string.IsNullOrEmpty(onlineUrl)
                || onlineUrl.Length > Event.MaxUrlLength
                || !Uri.TryCreate(onlineUrl, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "http"))
            {
                Fail("onlineUrl", "Un rendez-vous en ligne a un lien http(s) (500 caractères au plus), envoyé aux seuls participants confirmés.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(input.OnlineUrl))
        {
            Fail("onlineUrl", "Un lien de connexion ne s'emploie que pour un rendez-vous en ligne (online: true).");
        }

        var address = input.Place?.Address?.Trim();
        if (address?.Length > Event.MaxAddressLength)
        {
            Fail("place.address", $"L'adresse tient en {Event.MaxAddressLength} caractères.");
        }
        if (address?.Length == 0)
        {
            address = null;
        }
        string? placeDepartement = null;
        TerritoryReference? placeTerritory = null;
        if (!string.IsNullOrWhiteSpace(input.Place?.Territory))
        {
            if (!TerritoryReference.TryParse(input.Place.Territory, out var parsed) || parsed.Value.Kind != TerritoryKind.Commune)
            {
                Fail("place.territory", "Le lieu se donne par le code INSEE de sa commune : 42218.");
            }
            else if (await db.Set<Commune>().Where(c => c.Code == parsed.Value.Code).Select(c => c.DepartementCode).FirstOrDefaultAsync(cancellationToken) is not { } departement)
            {
                Fail("place.territory", $"Aucune commune n'a le code {parsed.Value.Code}.");
            }
            else
            {
                placeTerritory = parsed;
                placeDepartement = departement;
            }
        }
        else if (!online)
        {
            Fail("place.territory", "Un rendez-vous a lieu dans une commune (place.territory, code INSEE) ou en ligne (online: true).");
        }

        TerritoryReference? territory = null;
        string? territoryDepartement = null;
        if (!string.IsNullOrWhiteSpace(input.Territory))
        {
            if (!TerritoryReference.TryParse(input.Territory, out var parsed))
            {
                Fail("territory", "Territoire illisible : 42218, departement:42, epci:244200770 ou region:84.");
            }
            else if (await db.NameOfAsync(parsed.Value, cancellationToken) is null)
            {
                Fail("territory", $"Territoire inconnu : {parsed.Value}.");
            }
            else
            {
                territory = parsed;
                territoryDepartement = parsed.Value.Kind switch
                {
                    TerritoryKind.Departement => parsed.Value.Code,
                    TerritoryKind.Commune => await db.Set<Commune>().Where(c => c.Code == parsed.Value.Code).Select(c => c.DepartementCode).FirstOrDefaultAsync(cancellationToken),
                    TerritoryKind.Epci => await db.Set<Commune>().Where(c => c.EpciSiren == parsed.Value.Code)
                        .GroupBy(c => c.DepartementCode).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync(cancellationToken),
                    _ => null,
                };
            }
        }

        var description = input.Description?.Trim();
        if (description?.Length > Event.MaxDescriptionLength)
        {
            Fail("description", "La description tient en 20 000 caractères au plus.");
        }
        if (input.Capacity is { } capacity && capacity is < 1 or > Event.MaxCapacity)
        {
            Fail("capacity", $"La jauge, quand elle est donnée, va de 1 à {Event.MaxCapacity} personnes.");
        }
        if (input.Dossier is { } dossier)
        {
            // A dossier's page lists the sessions where its authority votes on it: other kinds of event would
            // mix campaign actions into the observatoire's record of facts.
            if (input.Kind != Event.CouncilSession)
            {
                Fail("dossier", "Seule une séance du conseil (kind: council-session) se rattache à un dossier de l'observatoire.");
            }
            else if (!await dossiers.ExistsAsync(dossier, cancellationToken))
            {
                Fail("dossier", $"Aucun dossier n° {dossier} dans l'observatoire.");
            }
        }

        DateTime? lastEnd = null;
        if (errors.Count == 0 && recurrence is not null)
        {
            if (recurrence.Count is not null || recurrence.Until is not null)
            {
                var last = recurrence.Starts(start, DateTime.MaxValue.AddYears(-200)).LastOrDefault();
                if (last == default)
                {
                    Fail("recurrence", "Cette récurrence ne donne aucune occurrence après le début.");
                }
                lastEnd = EventTime.ToParis(last + (end - start)).UtcDateTime;
            }
            else
            {
                // Expanded for at most Recurrence.MaxYears.
                lastEnd = EventTime.ToParis(start.AddYears(Recurrence.MaxYears) + (end - start)).UtcDateTime;
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        target.Title = title;
        target.Kind = input.Kind!;
        target.CollectiveId = input.Collective;
        target.LocalStart = EventTime.Format(start);
        target.LocalEnd = EventTime.Format(end);
        target.Recurrence = recurrence?.ToString();
        target.Exceptions = exceptions.Count == 0 ? null : string.Join(',', exceptions.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        target.FirstStartUtc = EventTime.ToParis(start).UtcDateTime;
        target.LastEndUtc = recurrence is null ? EventTime.ToParis(end).UtcDateTime : lastEnd;
        target.Online = online;
        target.OnlineUrl = onlineUrl;
        target.Address = address;
        target.PlaceTerritoryKind = placeTerritory?.Kind;
        target.PlaceTerritoryCode = placeTerritory?.Code;
        target.TerritoryKind = territory?.Kind;
        target.TerritoryCode = territory?.Code;
        target.DepartementCode = placeDepartement ?? territoryDepartement;
        target.Description = string.IsNullOrEmpty(description) ? null : description;
        target.Capacity = input.Capacity;
        target.Approval = input.Approval ?? false;
        target.DossierId = input.Dossier;
        return errors;
    }

    private static EventChange.Forbidden Forbidden(int? collectiveId) => new(collectiveId is null
        ? "Seuls les modérateurs et l'équipe de campagne publient les rendez-vous nationaux."
        : "Seuls les membres du collectif organisateur publient et modifient ses rendez-vous.");

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
