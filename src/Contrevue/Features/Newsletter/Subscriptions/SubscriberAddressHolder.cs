using Contrevue.Data;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>The newsletter's subscriber by address, for the data-rights pages: shown, and erased with its lists, consent log and deliveries.</summary>
public sealed class SubscriberAddressHolder(ContrevueDbContext db) : IPersonalDataHolder
{
    public const string Kind = "Abonnement à la lettre d'information";

    public async Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken)
    {
        var subscriber = await db.Set<Subscriber>().AsNoTracking().Include(s => s.Subscriptions).FirstOrDefaultAsync(s => s.Email == email, cancellationToken);
        return subscriber is null
            ? []
            : [new PersonalDataItem(Kind, string.Join(", ", subscriber.Subscriptions.Select(s => s.ListCode).Order(StringComparer.Ordinal)), subscriber.CreatedAt, Status(subscriber.Status))];
    }

    /// <summary>Addresses are stored lower-cased, as the data-rights pages give them; the database cascades to the rest.</summary>
    public Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken) =>
        db.Set<Subscriber>().Where(s => s.Email == email).ExecuteDeleteAsync(cancellationToken);

    private static string Status(SubscriberStatus status) => status switch
    {
        SubscriberStatus.Unconfirmed => "en attente de votre confirmation",
        SubscriberStatus.Confirmed => "abonnement confirmé",
        SubscriberStatus.Unsubscribed => "désabonné",
        _ => "adresse en échec",
    };
}
