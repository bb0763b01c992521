using Contrevue.Data;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Mailings;

public enum MtaNotificationKind
{
    HardBounce,
    SoftBounce,
    Complaint,
    Unsubscribe,
}

/// <summary>One report of the mail server: which kind, and how to find the subscriber (Message-ID, address or subscriber token).</summary>
public sealed record MtaNotification(MtaNotificationKind Kind, string? MessageId, string? Email, string? Token);

/// <summary>
/// What the mail server reports back. A hard bounce or a complaint stops everything to that address
/// (Bounced, the delivery marked, a withdrawal in the consent log); three soft bounces count as one hard;
/// a mail to the List-Unsubscribe address (its subject carries the subscriber token) unsubscribes.
/// Reports naming nobody known are ignored without saying so.
/// </summary>
public sealed class MtaNotifications(ContrevueDbContext db, NewsletterLinks links, TimeProvider time)
{
    public const int SoftBouncesMakeHard = 3;

    /// <summary>Applies one report; true when it named a subscriber.</summary>
    public async Task<bool> ApplyAsync(MtaNotification notification, CancellationToken cancellationToken)
    {
        var read = NewsletterMessageIds.Read(notification.MessageId);
        int? subscriberId = read?.SubscriberId;
        if (subscriberId is null && notification.Kind == MtaNotificationKind.Unsubscribe)
        {
            subscriberId = links.ReadSubscriberToken(notification.Token);
        }
        Subscriber? subscriber = null;
        if (subscriberId is { } byId)
        {
            subscriber = await db.Set<Subscriber>().Include(s => s.Subscriptions).SingleOrDefaultAsync(s => s.Id == byId, cancellationToken);
        }
        if (subscriber is null && !string.IsNullOrWhiteSpace(notification.Email))
        {
            var email = Subscriptions.SubscriptionService.NormalizeEmail(notification.Email);
            subscriber = await db.Set<Subscriber>().Include(s => s.Subscriptions).SingleOrDefaultAsync(s => s.Email == email, cancellationToken);
        }
        if (subscriber is null)
        {
            return false;
        }
        // A Message-ID of another subscriber's copy names no mailing of this one.
        var mailingId = read is { } ids && ids.SubscriberId == subscriber.Id ? ids.MailingId : (int?)null;
        var now = time.GetUtcNow().UtcDateTime;
        switch (notification.Kind)
        {
            case MtaNotificationKind.HardBounce:
                await BounceAsync(subscriber, mailingId, "bounce", now, cancellationToken);
                break;
            case MtaNotificationKind.Complaint:
                await BounceAsync(subscriber, mailingId, "complaint", now, cancellationToken);
                break;
            case MtaNotificationKind.SoftBounce:
                subscriber.SoftBounceCount++;
                if (subscriber.SoftBounceCount >= SoftBouncesMakeHard)
                {
                    await BounceAsync(subscriber, mailingId, "bounce", now, cancellationToken);
                }
                break;
            case MtaNotificationKind.Unsubscribe:
                if (subscriber.Status is SubscriberStatus.Confirmed or SubscriberStatus.Unconfirmed)
                {
                    subscriber.Status = SubscriberStatus.Unsubscribed;
                    subscriber.UnsubscribedAt = now;
                    subscriber.PendingRequest = null;
                    Withdraw(subscriber, "mailto", mailingId, now);
                }
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task BounceAsync(Subscriber subscriber, int? mailingId, string method, DateTime now, CancellationToken cancellationToken)
    {
        if (mailingId is { } mailing)
        {
            await db.Set<NewsletterDelivery>()
                .Where(d => d.MailingId == mailing && d.SubscriberId == subscriber.Id && d.Status != DeliveryStatus.Bounced)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Bounced), cancellationToken);
        }
        if (subscriber.Status == SubscriberStatus.Bounced)
        {
            return;
        }
        var wasReceiving = subscriber.Status is SubscriberStatus.Confirmed or SubscriberStatus.Unconfirmed;
        subscriber.Status = SubscriberStatus.Bounced;
        subscriber.BouncedAt = now;
        subscriber.PendingRequest = null;
        if (wasReceiving || method == "complaint")
        {
            // A complaint is the recipient withdrawing from that mailing: it counts among its « unsubscribed ».
            Withdraw(subscriber, method, method == "complaint" ? mailingId : null, now);
        }
    }

    private void Withdraw(Subscriber subscriber, string method, int? mailingId, DateTime now) =>
        db.Add(new ConsentRecord
        {
            SubscriberId = subscriber.Id,
            At = now,
            Action = ConsentAction.Withdrawn,
            Lists = string.Join(',', subscriber.Subscriptions.Select(s => s.ListCode).Order(StringComparer.Ordinal)),
            Topics = subscriber.Topics,
            Method = method,
            MailingId = mailingId,
        });
}
