using Contrevue.Data;
using Contrevue.Infrastructure.Mail;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Events.Rsvps;

/// <summary>
/// What confirmed participants are told: a change or a cancellation of their event (enqueued with the change,
/// so none leaves for a change rolled back), and a reminder the day before each occurrence (<see cref="RsvpReminder"/>).
/// </summary>
internal sealed class RsvpNotices(ContrevueDbContext db, IMailOutbox mail, SiteAddress site) : IEventChangeObserver
{
    public async Task ChangedAsync(Event changed, bool cancelled, CancellationToken cancellationToken)
    {
        var url = (site.Configured ?? SiteAddress.LocalAddress).TrimEnd('/') + changed.PagePath;
        var participants = await db.Set<EventRsvp>().AsNoTracking()
            .Where(r => r.EventId == changed.Id && r.Status != RsvpStatus.Pending).Select(r => r.Email).ToListAsync(cancellationToken);
        foreach (var email in participants)
        {
            mail.Enqueue(email, cancelled ? RsvpMails.Cancelled(changed.Title, url) : RsvpMails.Changed(changed.Title, url));
        }
    }
}
