using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary>The data-rights pages find a subscriber by address and erase it with its lists, consent log and deliveries.</summary>
[Collection(AppsCollection.Name)]
public sealed class DataRightsTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_subscriber_is_found_and_erased_whole(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var email = SubscriptionWorld.NewEmail("droits");
        var other = SubscriptionWorld.NewEmail("autre");
        var subscriber = await SubscriptionWorld.ConfirmedAsync(app, email, ["national", "departement:42"]);
        await SubscriptionWorld.SubscribeAsync(app.CreateBrowserlessClient(), other, ["national"]);

        var (organiser, _) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Moderator);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var mailing = new Mailing { Subject = "Lettre", Markdown = "Bonjour", Lists = "national", CreatedAt = now, CreatedByUserId = organiser.Id };
        db.Add(mailing);
        await db.SaveChangesAsync();
        db.Add(new NewsletterDelivery { MailingId = mailing.Id, SubscriberId = subscriber.Id, Status = DeliveryStatus.Sent, NextAttemptAt = now, SentAt = now });
        await db.SaveChangesAsync();
        var holder = scope.ServiceProvider.GetServices<IPersonalDataHolder>().OfType<SubscriberAddressHolder>().Single();
        var found = Assert.Single(await holder.FindAsync(email, CancellationToken.None));
        Assert.Equal((SubscriberAddressHolder.Kind, "abonnement confirmé"), (found.Kind, found.Status));
        Assert.Contains("departement:42", found.Subject);

        Assert.Equal(1, await holder.EraseAsync(email, TimeProvider.System.GetUtcNow().UtcDateTime, CancellationToken.None));

        Assert.False(await db.Set<NewsletterDelivery>().AnyAsync(d => d.SubscriberId == subscriber.Id));
        Assert.Null(await SubscriptionWorld.SubscriberAsync(app, email));
        Assert.False(await db.Set<ConsentRecord>().AnyAsync(c => c.SubscriberId == subscriber.Id));
        Assert.False(await db.Set<NewsletterSubscription>().AnyAsync(s => s.SubscriberId == subscriber.Id));
        Assert.Empty(await holder.FindAsync(email, CancellationToken.None));
        Assert.NotNull(await SubscriptionWorld.SubscriberAsync(app, other));
    }
}
