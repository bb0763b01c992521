using System.Security.Cryptography;
using Contrevue.Features.Newsletter;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using static Contrevue.Tests.Features.Newsletter.Delivery.DeliveryTestSupport;

namespace Contrevue.Tests.Features.Newsletter.Delivery;

public sealed class NewsletterDeliveryTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private SmtpTestServer Server => smtp.Server;

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Two_instances_send_a_few_hundred_deliveries_each_exactly_once_skip_who_left_and_complete_the_mailing(DatabaseProvider provider)
    {
        await using var first = new AppFactory(await TestDatabases.CreateAsync(provider));
        _ = first.Services; // migrated, mail off: nothing leaves before the mailing is written
        var seeded = await SeedAsync(first.Services, "lot", 300, withOthers: true);

        await using var sender1 = new AppFactory(first.Database, Settings(Server.Port), ownsDatabase: false);
        await using var sender2 = new AppFactory(first.Database, Settings(Server.Port), ownsDatabase: false);
        await Task.WhenAll(Task.Run(() => sender1.Services), Task.Run(() => sender2.Services));

        await WaitForStatusAsync(first.Services, seeded.MailingId, MailingStatus.Completed);
        var received = ReceivedByRecipient(Server.Folder);
        foreach (var recipient in seeded.Confirmed)
        {
            var message = Assert.Single(received[recipient.Email]);
            Assert.Equal(NewsletterMessageIds.For(seeded.MailingId, recipient.Id, seeded.CreatedAt, "contrevue.test"), message.MessageId);
        }
        Assert.All(seeded.Others, other => Assert.Empty(received[other.Email]));
        var deliveries = await DeliveriesAsync(first.Services, seeded.MailingId);
        Assert.Equal(300, deliveries.Count(d => d.Status == DeliveryStatus.Sent));
        Assert.Equal(3, deliveries.Count(d => d.Status == DeliveryStatus.Skipped));
        Assert.All(deliveries.Where(d => d.Status == DeliveryStatus.Sent), d => Assert.Equal(1, d.AttemptCount));
        var mailing = await MailingAsync(first.Services, seeded.MailingId);
        Assert.NotNull(mailing.CompletedAt);
        Assert.True(mailing.CompletedAt >= deliveries.Max(d => d.SentAt));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_crashed_senders_expired_lease_is_taken_over_with_the_same_Message_ID_and_a_live_lease_is_left_alone(DatabaseProvider provider)
    {
        await using var setup = new AppFactory(await TestDatabases.CreateAsync(provider));
        _ = setup.Services;
        var seeded = await SeedAsync(setup.Services, "reprise", 2);
        var (dead, alive) = (seeded.Confirmed[0], seeded.Confirmed[1]);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await ReadAsync(setup.Services, async db =>
        {
            // The first was claimed by a sender killed mid-send (its lease ran out); the second is being sent right now.
            await db.Set<NewsletterDelivery>().Where(d => d.SubscriberId == dead.Id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.AttemptCount, 1)
                .SetProperty(d => d.ClaimedBy, "mort:1:x/1").SetProperty(d => d.ClaimedUntil, now.AddSeconds(-1)));
            return await db.Set<NewsletterDelivery>().Where(d => d.SubscriberId == alive.Id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Sending).SetProperty(d => d.AttemptCount, 1)
                .SetProperty(d => d.ClaimedBy, "vivant:2:y/1").SetProperty(d => d.ClaimedUntil, now.AddHours(1)));
        });

        await using var sender = new AppFactory(setup.Database, Settings(Server.Port), ownsDatabase: false);
        _ = sender.Services;

        var message = Assert.Single(await Server.WaitForAsync(dead.Email));
        Assert.Equal(NewsletterMessageIds.For(seeded.MailingId, dead.Id, seeded.CreatedAt, "contrevue.test"), message.MessageId);
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(sender.Services, seeded.MailingId)).Any(d => d.SubscriberId == dead.Id && d.Status == DeliveryStatus.Sent),
            "the taken-over delivery marked sent");
        await Task.Delay(TimeSpan.FromSeconds(1)); // ten more passes of the sender
        var deliveries = await DeliveriesAsync(sender.Services, seeded.MailingId);
        Assert.Equal(2, deliveries.Single(d => d.SubscriberId == dead.Id).AttemptCount);
        Assert.Equal((DeliveryStatus.Sending, "vivant:2:y/1"), deliveries.Single(d => d.SubscriberId == alive.Id) is var a ? (a.Status, a.ClaimedBy) : default);
        Assert.Empty(Server.MessagesTo(alive.Email));
        // Still one delivery in flight: the mailing is not complete.
        Assert.Equal(MailingStatus.Scheduled, (await MailingAsync(sender.Services, seeded.MailingId)).Status);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_paused_mailing_waits_and_leaves_once_resumed_and_a_later_one_waits_for_its_time(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), Settings(Server.Port));
        var paused = await SeedAsync(app.Services, "pause", 2, status: MailingStatus.Paused);
        var later = await SeedAsync(app.Services, "plus-tard", 1, sendAt: TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(1));
        var now = await SeedAsync(app.Services, "maintenant", 1);

        // Once the sender completed the due mailing, it has looked at the others too.
        await WaitForStatusAsync(app.Services, now.MailingId, MailingStatus.Completed);
        Assert.Single(Server.MessagesTo(now.Confirmed[0].Email));
        foreach (var waiting in new[] { paused, later })
        {
            Assert.All(waiting.Confirmed, r => Assert.Empty(Server.MessagesTo(r.Email)));
            Assert.All(await DeliveriesAsync(app.Services, waiting.MailingId), d => Assert.Equal((DeliveryStatus.Pending, 0), (d.Status, d.AttemptCount)));
        }
        Assert.Equal(MailingStatus.Paused, (await MailingAsync(app.Services, paused.MailingId)).Status);
        Assert.Equal(MailingStatus.Scheduled, (await MailingAsync(app.Services, later.MailingId)).Status);

        await ReadAsync(app.Services, db => db.Set<Mailing>().Where(m => m.Id == paused.MailingId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Status, MailingStatus.Scheduled)));

        await WaitForStatusAsync(app.Services, paused.MailingId, MailingStatus.Completed);
        Assert.All(paused.Confirmed, r => Assert.Single(Server.MessagesTo(r.Email)));
        Assert.Empty(Server.MessagesTo(later.Confirmed[0].Email));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_refusing_server_means_retries_with_growing_delays_then_failed_and_a_permanent_refusal_fails_at_once(DatabaseProvider provider)
    {
        await using var refusing = new RefusingSmtpServer();
        var settings = Settings(refusing.Port);
        // Windows of 2 s and 4 s between attempts: wide enough for the polling below to see each state on a
        // loaded machine (0.5 s was missed once in CI).
        settings["Mail:RetrySeconds"] = "2";
        settings["Mail:MaxAttempts"] = "3";
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        _ = app.Services;
        var temporary = await SeedAsync(app.Services, "plein", 1);
        var permanent = await SeedAsync(app.Services, "definitif", 1);
        await using var sender = new AppFactory(app.Database, settings, ownsDatabase: false);
        _ = sender.Services;

        async Task<NewsletterDelivery> Temporary() => (await DeliveriesAsync(app.Services, temporary.MailingId)).Single();
        await Eventually.TrueAsync(async () => await Temporary() is { AttemptCount: 1, Status: DeliveryStatus.Pending }, "a first refused attempt");
        var firstTry = await Temporary();
        await Eventually.TrueAsync(async () => await Temporary() is { AttemptCount: 2, Status: DeliveryStatus.Pending }, "a second refused attempt");
        var secondTry = await Temporary();
        Assert.Contains("Try again later", firstTry.LastError);
        // 2 s after the first refusal, 4 s after the second: the gap between due times grows.
        Assert.True(secondTry.NextAttemptAt - firstTry.NextAttemptAt >= TimeSpan.FromSeconds(4), $"{firstTry.NextAttemptAt:O} then {secondTry.NextAttemptAt:O}");

        await WaitForStatusAsync(app.Services, temporary.MailingId, MailingStatus.Completed);
        Assert.Equal((DeliveryStatus.Failed, 3), await Temporary() is var t ? (t.Status, t.AttemptCount) : default);
        await WaitForStatusAsync(app.Services, permanent.MailingId, MailingStatus.Completed);
        var refused = Assert.Single(await DeliveriesAsync(app.Services, permanent.MailingId));
        Assert.Equal((DeliveryStatus.Failed, 1), (refused.Status, refused.AttemptCount));
        Assert.Contains("Mailbox unknown", refused.LastError);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task While_the_server_is_unreachable_the_claims_are_given_back_without_spending_attempts_then_sent(DatabaseProvider provider)
    {
        await using var laterServer = new SmtpTestServer();
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        _ = app.Services;
        var seeded = await SeedAsync(app.Services, "injoignable", 3);
        await using var sender = new AppFactory(app.Database, Settings(laterServer.Port), ownsDatabase: false);
        _ = sender.Services;

        await Eventually.TrueAsync(async () => (await DeliveriesAsync(app.Services, seeded.MailingId)).All(d => d.LastError == "SMTP server unreachable"),
            "the claims given back");
        await Task.Delay(TimeSpan.FromSeconds(1)); // ten more passes, each claiming and giving back
        // Claimed again at every pass, never counted as an attempt: the outage spends none of them.
        Assert.All(await DeliveriesAsync(app.Services, seeded.MailingId), d => Assert.True(
            d is { Status: DeliveryStatus.Pending, AttemptCount: 0 } or { Status: DeliveryStatus.Sending, AttemptCount: 1 }, $"{d.Status} {d.AttemptCount}"));

        await laterServer.StartAsync();
        await WaitForStatusAsync(app.Services, seeded.MailingId, MailingStatus.Completed);
        Assert.All(seeded.Confirmed, r => Assert.Single(laterServer.MessagesTo(r.Email)));
        Assert.All(await DeliveriesAsync(app.Services, seeded.MailingId), d => Assert.Equal((DeliveryStatus.Sent, 1), (d.Status, d.AttemptCount)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Each_message_carries_the_list_headers_its_own_links_and_a_DKIM_signature_covering_them(DatabaseProvider provider)
    {
        using var rsa = RSA.Create(2048);
        var keyFile = Path.Combine(Path.GetTempPath(), $"dkim-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem());
        try
        {
            var settings = Settings(Server.Port);
            settings["Mail:Dkim:Domain"] = "contrevue.test";
            settings["Mail:Dkim:Selector"] = "lettre";
            settings["Mail:Dkim:PrivateKeyFile"] = keyFile;
            settings["Newsletter:UnsubscribeAddress"] = "desinscription@contrevue.test";
            await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), settings);
            var seeded = await SeedAsync(app.Services, "entetes", 1);
            var recipient = seeded.Confirmed[0];

            var message = Assert.Single(await Server.WaitForAsync(recipient.Email));

            // Each token is a fresh Data Protection ciphertext: read back, it names the recipient.
            var links = app.Services.GetRequiredService<NewsletterLinks>();
            Assert.Equal(NewsletterMessageIds.For(seeded.MailingId, recipient.Id, seeded.CreatedAt, "contrevue.test"), message.MessageId);
            Assert.Equal("Lettre d'info « entetes »", message.Subject);
            var listUnsubscribe = System.Text.RegularExpressions.Regex.Match(Unfold(message.Headers["List-Unsubscribe"]),
                @"^<(https://contrevue\.test/lettre/desinscription\?jeton=([^&>]+)&envoi=(\d+))>,\s*<mailto:desinscription@contrevue\.test\?subject=desinscription%20([^>]+)>$");
            Assert.True(listUnsubscribe.Success, message.Headers["List-Unsubscribe"]);
            var unsubscribe = listUnsubscribe.Groups[1].Value;
            Assert.Equal(recipient.Id, links.ReadSubscriberToken(Uri.UnescapeDataString(listUnsubscribe.Groups[2].Value)));
            Assert.Equal(seeded.MailingId.ToString(System.Globalization.CultureInfo.InvariantCulture), listUnsubscribe.Groups[3].Value);
            Assert.Equal(recipient.Id, links.ReadSubscriberToken(Uri.UnescapeDataString(listUnsubscribe.Groups[4].Value)));
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            Assert.Equal("Lettre d'info nationale de Contrevue <national.contrevue.test>", Unfold(message.Headers["List-Id"]));
            Assert.Equal("bulk", message.Headers["Precedence"]);
            Assert.Contains("Les nouvelles de la campagne.", message.TextBody);
            Assert.Contains(unsubscribe, message.TextBody);
            var preferences = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https://contrevue\.test/lettre/preferences\?jeton=(\S+)");
            Assert.Equal(recipient.Id, links.ReadSubscriberToken(Uri.UnescapeDataString(preferences.Groups[1].Value)));
            Assert.Contains(">Bonjour</h3>", message.HtmlBody);
            // The footer stands where the rendering left room for it, inside the message's column.
            Assert.DoesNotContain(Contrevue.Features.Newsletter.Mailings.MailingRendering.FooterMarker, message.HtmlBody);
            var html = message.HtmlBody ?? "";
            Assert.True(html.IndexOf("Vous désabonner", StringComparison.Ordinal) < html.LastIndexOf("</div>", StringComparison.Ordinal));
            Assert.Contains(System.Net.WebUtility.HtmlEncode(unsubscribe), message.HtmlBody);
            Assert.Contains("Vous désabonner", message.HtmlBody);

            var signature = message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)];
            var verifier = new DkimVerifier(new OneKeyLocator(PublicKeyRecord(rsa)));
            Assert.True(await verifier.VerifyAsync(message, signature), "the DKIM signature verifies with the public key");
            var signed = Tag(signature.Value, "h").Split(':').Select(h => h.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("list-unsubscribe", signed);
            Assert.Contains("list-unsubscribe-post", signed);
            Assert.Contains("list-id", signed);
            Assert.Contains("message-id", signed);
            Assert.Equal("relaxed/relaxed", Tag(signature.Value, "c"));
            Assert.Equal("contrevue.test", Tag(signature.Value, "d"));

            // A message changed on the way (a grafted unsubscribe link) no longer verifies.
            message.Headers["List-Unsubscribe"] = "<https://ailleurs.example/piege>";
            Assert.False(await verifier.VerifyAsync(message, signature));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static string Unfold(string? value) => (value ?? "").Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();

    private static string Tag(string signature, string name) =>
        Unfold(signature).Split(';').Select(part => part.Trim()).First(part => part.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..]
            .Replace(" ", "", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);

    private static string PublicKeyRecord(RSA rsa) => $"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}";

    /// <summary>What a DNS lookup of lettre._domainkey.contrevue.test would answer.</summary>
    private sealed class OneKeyLocator(string record) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey(record);

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(GetPublicKey(record));
    }
}
