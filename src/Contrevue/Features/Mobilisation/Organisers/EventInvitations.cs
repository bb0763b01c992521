using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Events.Invitations;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Mobilisation.Organisers;

public abstract record EventInvitationOutcome
{
    private EventInvitationOutcome()
    {
    }

    /// <summary><paramref name="Invited"/> people received an e-mail; <paramref name="AlreadyInvited"/> had one already.</summary>
    public sealed record Sent(InvitableEvent Event, int Invited, int AlreadyInvited) : EventInvitationOutcome;

    /// <summary>A French error about the selection or the event (400): a format key and its arguments.</summary>
    public sealed record Invalid(string Error, params object[] Arguments) : EventInvitationOutcome;

    public sealed record NotFound : EventInvitationOutcome;

    /// <summary>Not an event the organiser may invite to (403).</summary>
    public sealed record Forbidden(string Reason) : EventInvitationOutcome;

    /// <summary>Too many invitations sent by this organiser lately (429).</summary>
    public sealed record TooMany(TimeSpan Wait) : EventInvitationOutcome;
}

/// <summary>
/// An organiser invites chosen sign-ups to an upcoming event: one e-mail each, with the event's public page
/// (whose form takes the participation) and the sign-up's erasure link. Only sign-ups the organiser sees
/// (<see cref="SignUpQueries"/>) and events they organise (<see cref="InvitableEvents"/>) are used.
/// </summary>
public sealed class EventInvitations(
    ContrevueDbContext db, SignUpQueries signUps, SignUpService service, InvitableEvents events, IMailOutbox mail,
    MobilisationSettings settings, IWindowCounter counter, TimeProvider time)
{
    /// <summary>One e-mail per person: a larger selection is split by the organiser.</summary>
    public const int MostPeople = 100;

    public const string TooManyPeople = "Au plus {0} personnes à la fois : choisissez-en moins.";

    /// <summary>Invitations (each up to <see cref="MostPeople"/> e-mails) one organiser sends in an hour, in every instance together.</summary>
    public const int MostPerHour = 10;

    public async Task<EventInvitationOutcome> InviteAsync(ClaimsPrincipal user, int eventId, IReadOnlyCollection<int> signUpIds, string siteUrl, CancellationToken cancellationToken)
    {
        if (signUpIds.Count == 0)
        {
            return new EventInvitationOutcome.Invalid("Choisissez au moins une personne dans la liste des inscriptions.");
        }
        if (signUpIds.Count > MostPeople)
        {
            return new EventInvitationOutcome.Invalid(TooManyPeople, MostPeople);
        }
        InvitableEvent invitable;
        switch (await events.FindAsync(user, eventId, cancellationToken))
        {
            case InvitableEventLookup.Found(var found):
                invitable = found;
                break;
            case InvitableEventLookup.Forbidden(var reason):
                return new EventInvitationOutcome.Forbidden(reason);
            case InvitableEventLookup.Closed(var reason):
                return new EventInvitationOutcome.Invalid(reason);
            default:
                return new EventInvitationOutcome.NotFound();
        }
        var chosen = await signUps.VisibleAmongAsync(user, signUpIds, cancellationToken);
        if (chosen.Count == 0)
        {
            return new EventInvitationOutcome.Invalid("Aucune des personnes choisies ne figure dans vos inscriptions.");
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (await counter.TryAcquireAsync($"event-invitations:{userId}", MostPerHour, TimeSpan.FromHours(1), time, cancellationToken) is { } wait)
        {
            return new EventInvitationOutcome.TooMany(wait);
        }
        // One e-mail per address, even when a person signed up twice.
        var people = chosen.DistinctBy(s => s.Email.ToLowerInvariant()).ToList();
        var already = await AlreadyInvitedAsync(invitable, [.. people.Select(s => s.Email.ToLowerInvariant())], cancellationToken);
        var site = siteUrl.TrimEnd('/');
        var invited = 0;
        foreach (var signUp in people.Where(s => !already.Contains(s.Email.ToLowerInvariant())))
        {
            mail.Enqueue(signUp.Email, MobilisationMails.EventInvitation(
                invitable.Title, invitable.When, invitable.Recurring, invitable.Place, invitable.Online, invitable.CollectiveName,
                $"{site}{invitable.PagePath}/participer", $"{site}/rejoindre/effacer?jeton={service.ErasureToken(signUp)}", settings.RetentionDays));
            invited++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new EventInvitationOutcome.Sent(invitable, invited, people.Count - invited);
    }

    /// <summary>
    /// The addresses already invited to the event. The outbox keeps every message until its recipient erases
    /// their data, so it is the record of invitations (a table of its own would need a migration): an invitation
    /// is told by its subject's start and the event's page, whose path starts with the event's id. Should sent
    /// messages ever be pruned, invitations need a table of their own.
    /// </summary>
    private async Task<HashSet<string>> AlreadyInvitedAsync(InvitableEvent invitable, List<string> addresses, CancellationToken cancellationToken)
    {
        var page = $"/agenda/{invitable.Id}-";
        return [.. await db.OutboxMessages.AsNoTracking()
            .Where(m => addresses.Contains(m.Recipient.ToLower()) && m.Subject.StartsWith(MobilisationMails.InvitationSubjectStart) && m.TextBody.Contains(page))
            .Select(m => m.Recipient.ToLower()).ToListAsync(cancellationToken)];
    }
}
