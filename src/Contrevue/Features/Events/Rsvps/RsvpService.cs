using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Rsvps;

public abstract record RsvpRequestResult
{
    public sealed record Accepted : RsvpRequestResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : RsvpRequestResult;
    public sealed record NotFound : RsvpRequestResult;
}

public enum ConfirmOutcome
{
    Unknown,
    Full,
    AwaitingApproval,
    Confirmed,
}

/// <summary>A participant as the organisers see them.</summary>
public sealed record ParticipantDto(int Id, string? Name, string Email, string Status, DateTime? ConfirmedAt);

/// <summary>
/// Participation without an account: a confirmation link by e-mail (a page with a button: a GET never
/// confirms), the organisers' approval when the event asks for it, the capacity respected at each step,
/// and the online link sent only in the e-mail of a participant who is confirmed (and approved).
/// </summary>
public sealed class RsvpService(ContrevueDbContext db, IMailOutbox mail, EventService events, IConfiguration configuration, TimeProvider time)
{
    public int RetentionDays => Math.Max(0, configuration.GetValue("Events:RsvpRetentionDays", 30));

    public async Task<RsvpRequestResult> RequestAsync(int eventId, string? name, string? email, string siteUrl, CancellationToken cancellationToken)
    {
        var found = await events.FindAsync(eventId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (found is null)
        {
            return new RsvpRequestResult.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        var address = email?.Trim() ?? "";
        if (!EmailAddresses.IsValid(address))
        {
            errors["email"] = ["Indiquez une adresse électronique valide : le lien de confirmation y est envoyé."];
        }
        var trimmedName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (trimmedName is { Length: > EventRsvp.MaxNameLength } || trimmedName?.Any(char.IsControl) == true)
        {
            errors["name"] = ["Le nom tient sur une ligne de 100 caractères au plus."];
        }
        if (found.Cancelled)
        {
            errors["event"] = ["Ce rendez-vous est annulé."];
        }
        else if (found.LastEndUtc is { } end && end <= now)
        {
            errors["event"] = ["Ce rendez-vous est passé."];
        }
        if (errors.Count > 0)
        {
            return new RsvpRequestResult.Invalid(errors);
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var lowered = address.ToLowerInvariant();
        var existing = await db.Set<EventRsvp>().FirstOrDefaultAsync(r => r.EventId == eventId && r.Email == lowered, cancellationToken);
        if (existing is null)
        {
            db.Add(new EventRsvp
            {
                EventId = eventId, Name = trimmedName, Email = lowered, TokenHash = Hash(token), Status = RsvpStatus.Pending,
                CreatedAt = now, EraseAfter = EraseAfter(found, now),
            });
        }
        else
        {
            // Asked again: a new link, the same answer (nothing tells whether the address was known).
            existing.TokenHash = Hash(token);
            existing.Name = trimmedName ?? existing.Name;
        }
        mail.Enqueue(lowered, RsvpMails.Confirmation(found.Title, When(found), $"{siteUrl.TrimEnd('/')}/agenda/participer?jeton={token}"));
        await db.SaveChangesAsync(cancellationToken);
        return new RsvpRequestResult.Accepted();
    }

    /// <summary>The button of the confirmation page: the link's participation confirmed, within the capacity.</summary>
    public async Task<(ConfirmOutcome Outcome, Event? Event)> ConfirmAsync(string token, string siteUrl, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var rsvp = await db.Set<EventRsvp>().FirstOrDefaultAsync(r => r.TokenHash == hash, cancellationToken);
        var found = rsvp is null ? null : await events.FindAsync(rsvp.EventId, cancellationToken);
        if (rsvp is null || found is null)
        {
            return (ConfirmOutcome.Unknown, null);
        }
        if (rsvp.Status != RsvpStatus.Pending)
        {
            return (found.Approval && rsvp.Status == RsvpStatus.Confirmed ? ConfirmOutcome.AwaitingApproval : ConfirmOutcome.Confirmed, found);
        }
        if (!found.Approval && await IsFullAsync(found, cancellationToken))
        {
            return (ConfirmOutcome.Full, found);
        }
        rsvp.Status = RsvpStatus.Confirmed;
        rsvp.ConfirmedAt = time.GetUtcNow().UtcDateTime;
        mail.Enqueue(rsvp.Email, found.Approval ? RsvpMails.AwaitingApproval(found.Title) : await WelcomeAsync(found, siteUrl, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return (found.Approval ? ConfirmOutcome.AwaitingApproval : ConfirmOutcome.Confirmed, found);
    }

    /// <summary>The participants, for the event's organisers only (null for anyone else).</summary>
    public async Task<List<ParticipantDto>?> ParticipantsAsync(ClaimsPrincipal user, int eventId, CancellationToken cancellationToken)
    {
        if (await events.FindAsync(eventId, cancellationToken) is not { } found || !await events.MayWriteAsync(user, found.CollectiveId, cancellationToken))
        {
            return null;
        }
        return [.. (await db.Set<EventRsvp>().AsNoTracking().Where(r => r.EventId == eventId && r.Status != RsvpStatus.Pending)
                .OrderBy(r => r.Id).ToListAsync(cancellationToken))
            .Select(r => new ParticipantDto(r.Id, r.Name, r.Email, r.Status == RsvpStatus.Approved || !found.Approval ? "confirmed" : "awaiting-approval", r.ConfirmedAt))];
    }

    /// <summary>An organiser approves a confirmed participant: they receive the welcome e-mail, with the online link. Null: not an organiser or no such participant; false: full.</summary>
    public async Task<bool?> ApproveAsync(ClaimsPrincipal user, int eventId, int rsvpId, string siteUrl, CancellationToken cancellationToken)
    {
        if (await events.FindAsync(eventId, cancellationToken) is not { } found || !await events.MayWriteAsync(user, found.CollectiveId, cancellationToken))
        {
            return null;
        }
        var rsvp = await db.Set<EventRsvp>().FirstOrDefaultAsync(r => r.Id == rsvpId && r.EventId == eventId && r.Status != RsvpStatus.Pending, cancellationToken);
        if (rsvp is null)
        {
            return null;
        }
        if (rsvp.Status == RsvpStatus.Approved || !found.Approval)
        {
            return true;
        }
        if (await IsFullAsync(found, cancellationToken))
        {
            return false;
        }
        rsvp.Status = RsvpStatus.Approved;
        mail.Enqueue(rsvp.Email, await WelcomeAsync(found, siteUrl, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Participations whose event ended <see cref="RetentionDays"/> ago: erased, addresses and names with them.</summary>
    public Task<int> EraseDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<EventRsvp>().Where(r => r.EraseAfter <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private DateTime EraseAfter(Event e, DateTime now) => (e.LastEndUtc ?? now).AddDays(RetentionDays);

    private async Task<bool> IsFullAsync(Event e, CancellationToken cancellationToken) =>
        e.Capacity is { } capacity
        && await db.Set<EventRsvp>().CountAsync(r => r.EventId == e.Id && (e.Approval ? r.Status == RsvpStatus.Approved : r.Status == RsvpStatus.Confirmed), cancellationToken) >= capacity;

    private async Task<MailContent> WelcomeAsync(Event e, string siteUrl, CancellationToken cancellationToken)
    {
        var place = e.PlaceTerritory is { } territory
            ? string.Join(", ", new[] { e.Address, await db.Set<Territories.Commune>().Where(c => c.Code == territory.Code).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) }.Where(p => !string.IsNullOrEmpty(p)))
            : e.Address;
        return RsvpMails.Welcome(e.Title, When(e), place, e.Online ? e.OnlineUrl : null, siteUrl.TrimEnd('/') + e.PagePath);
    }

    private static string When(Event e)
    {
        var start = EventTime.ToParis(EventService.Local(e.LocalStart));
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        var text = Infrastructure.Text.FrenchDates.WithDayName(DateOnly.FromDateTime(EventTime.LocalOf(start)), fr) + ", " + EventTime.LocalOf(start).ToString("H' h 'mm", CultureInfo.InvariantCulture);
        return e.Recurrence is null ? text : "à partir du " + text;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
