using Contrevue.Data;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Rsvps;

/// <summary>Participations by e-mail address, for the data-rights pages: each event's title, date and the participation's state; erased whole.</summary>
public sealed class RsvpAddressHolder(ContrevueDbContext db) : IPersonalDataHolder
{
    public const string Kind = "Participation à un rendez-vous";

    public async Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken)
    {
        var rows = await db.Set<EventRsvp>().AsNoTracking().Where(r => r.Email == email)
            .Join(db.Set<Event>(), r => r.EventId, e => e.Id, (r, e) => new { e.Title, e.LocalStart, e.Approval, r.Status, r.Id })
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PersonalDataItem(Kind, r.Title, EventService.Local(r.LocalStart), Status(r.Status, r.Approval)))];
    }

    /// <summary>Addresses are stored lower-cased (<see cref="RsvpService.RequestAsync"/>), as the data-rights pages give them.</summary>
    public Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken) =>
        db.Set<EventRsvp>().Where(r => r.Email == email).ExecuteDeleteAsync(cancellationToken);

    private static string Status(RsvpStatus status, bool approval) => status switch
    {
        RsvpStatus.Pending => "en attente de votre confirmation",
        RsvpStatus.Confirmed when approval => "en attente de validation par les organisateurs",
        _ => "confirmée",
    };
}
