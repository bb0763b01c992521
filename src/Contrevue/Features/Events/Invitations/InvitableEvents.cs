using System.Globalization;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Invitations;

/// <summary>
/// An event as an invitation names it: what, when (the next occurrence, Paris time, in French), where — never
/// the online link, which only confirmed participants receive — and the public page whose form takes the RSVP.
/// </summary>
[Seam]
public sealed record InvitableEvent(int Id, string Title, string When, bool Recurring, string? Place, bool Online, string PagePath, string? CollectiveName);

/// <summary>What <see cref="InvitableEvents.FindAsync"/> answers.</summary>
[Seam]
public abstract record InvitableEventLookup
{
    private InvitableEventLookup()
    {
    }

    public sealed record Found(InvitableEvent Event) : InvitableEventLookup;

    public sealed record NotFound : InvitableEventLookup;

    /// <summary>Not an event the user organises.</summary>
    public sealed record Forbidden(string Reason) : InvitableEventLookup;

    /// <summary>Cancelled or past: nobody is invited to it.</summary>
    public sealed record Closed(string Reason) : InvitableEventLookup;
}

/// <summary>
/// The events an organiser may invite people to: upcoming, not cancelled, and organised by them — a collective's
/// members their collective's events, moderators and admins any event, national ones included. Every event has a
/// public page (the agenda shows them all); should events ever be kept private, both methods must leave those out.
/// </summary>
[Seam]
public sealed class InvitableEvents(ContrevueDbContext db, CollectiveDirectory collectives, EventDocuments documents, TimeProvider time)
{
    /// <summary>The longest list offered: the soonest first.</summary>
    public const int MostListed = 200;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static bool OrganisesAll(ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);

    /// <summary>The user's invitable events, by their next occurrence.</summary>
    public async Task<List<InvitableEvent>> ForOrganiserAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var horizon = now.Add(EventService.MaxWindow);
        var horizonUtc = horizon.UtcDateTime;
        var query = db.Set<Event>().AsNoTracking()
            .Where(e => !e.Cancelled && (e.LastEndUtc == null || e.LastEndUtc > nowUtc) && e.FirstStartUtc < horizonUtc);
        if (!OrganisesAll(user))
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var ids = userId is null ? [] : await collectives.IdsOfMemberAsync(userId, cancellationToken);
            query = query.Where(e => e.CollectiveId != null && ids.Contains(e.CollectiveId.Value));
        }
        var open = (await query.ToListAsync(cancellationToken))
            .Select(e => (Event: e, Next: NextOccurrence(e, now)))
            .Where(p => p.Next is not null)
            .OrderBy(p => p.Next!.Start).ThenBy(p => p.Event.Id)
            .Take(MostListed)
            .ToList();
        var names = await documents.TerritoryNamesAsync([.. open.Select(p => p.Event)], cancellationToken);
        var organisers = await documents.OrganisersAsync([.. open.Select(p => p.Event)], cancellationToken);
        return [.. open.Select(p => AsInvitable(p.Event, p.Next!, names, organisers))];
    }

    /// <summary>One event, if the user may invite people to it now.</summary>
    public async Task<InvitableEventLookup> FindAsync(ClaimsPrincipal user, int eventId, CancellationToken cancellationToken)
    {
        var found = await db.Set<Event>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (found is null)
        {
            return new InvitableEventLookup.NotFound();
        }
        if (!OrganisesAll(user)
            && (found.CollectiveId is not { } collectiveId || !await collectives.IsMemberAsync(user.FindFirstValue(ClaimTypes.NameIdentifier), collectiveId, cancellationToken)))
        {
            return new InvitableEventLookup.Forbidden(found.CollectiveId is null
                ? "Seuls les modérateurs et l'équipe de campagne invitent aux rendez-vous nationaux."
                : "Vous n'invitez qu'aux rendez-vous de vos collectifs.");
        }
        if (found.Cancelled)
        {
            return new InvitableEventLookup.Closed("Ce rendez-vous est annulé : personne n'y est invité.");
        }
        var now = time.GetUtcNow();
        if (NextOccurrence(found, now) is not { } next)
        {
            return new InvitableEventLookup.Closed("Ce rendez-vous est passé : on n'invite qu'à un rendez-vous à venir.");
        }
        var names = await documents.TerritoryNamesAsync([found], cancellationToken);
        var organisers = await documents.OrganisersAsync([found], cancellationToken);
        return new InvitableEventLookup.Found(AsInvitable(found, next, names, organisers));
    }

    /// <summary>The next occurrence that has not started yet: one already under way is too late to invite to.</summary>
    private static EventOccurrence? NextOccurrence(Event e, DateTimeOffset now) =>
        EventService.Expand(e, now, now.Add(EventService.MaxWindow), 2).FirstOrDefault(o => o.Start > now);

    private static InvitableEvent AsInvitable(Event e, EventOccurrence next, IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<int, PublicCollective> organisers)
    {
        var sameDay = EventTime.LocalOf(next.Start).Date == EventTime.LocalOf(next.End).Date;
        var when = Pages.EventText.Day(next.Start, French) + ", " + Pages.EventText.Time(next.Start, French)
            + (sameDay ? " – " + Pages.EventText.Time(next.End, French) : "");
        var commune = e.PlaceTerritory is { } place ? names.GetValueOrDefault(place.ToString()) : null;
        var where = string.Join(", ", new[] { e.Address, commune }.Where(p => !string.IsNullOrEmpty(p)));
        return new InvitableEvent(e.Id, e.Title, when, e.Recurrence is not null, where.Length == 0 ? null : where, e.Online, e.PagePath,
            EventDocuments.Organiser(e, organisers)?.Name);
    }
}
