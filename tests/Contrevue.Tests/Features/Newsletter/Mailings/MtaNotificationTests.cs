using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Contrevue.Features.Newsletter;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Mailings;

/// <summary>The mail server's reports: hard bounces and complaints stop sending, three soft bounces make one hard, a mail to the unsubscribe address unsubscribes.</summary>
[Collection(AppsCollection.Name)]
public sealed class MtaNotificationTests(TestApps apps)
{
    private const string Secret = "secret-du-serveur-de-messagerie-7c1e";
    private const string Url = "/api/v1/newsletter/notifications";

    private async Task<AppFactory> AppAsync(DatabaseProvider provider, bool withToken = true)
    {
        var settings = new Dictionary<string, string>();
        if (withToken)
        {
            settings["Newsletter:NotificationsToken"] = Secret;
        }
        return new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
    }

    private static async Task<HttpResponseMessage> NotifyAsync(AppFactory app, string json, string? token = Secret)
    {
        var client = app.CreateBrowserlessClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await client.PostAsync(Url, new StringContent(json, Encoding.UTF8, "application/json"));
    }

    private static Task<Subscriber> SubscriberAsync(AppFactory app, int id) =>
        MailingWorld.ReadAsync(app, db => db.Set<Subscriber>().AsNoTracking().SingleAsync(s => s.Id == id));

    private static Task<List<ConsentRecord>> ConsentsAsync(AppFactory app, int id) =>
        MailingWorld.ReadAsync(app, db => db.Set<ConsentRecord>().AsNoTracking().Where(c => c.SubscriberId == id).ToListAsync());

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bounces_complaints_and_mailto_unsubscribes_mark_the_subscriber_and_the_delivery(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        await MailingWorld.OpenCollectiveListAsync(app, member.CollectiveId);
        var list = $"collective:{member.CollectiveId}";
        var hard = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", list);
        var soft = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", list);
        var complaint = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", list);
        var leaving = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", list);
        var staying = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", list);
        var id = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([list]));
        Assert.Equal(HttpStatusCode.Accepted, (await member.Api.PostAsync($"/api/v1/newsletter/mailings/{id}/send", null)).StatusCode);
        var createdAt = await MailingWorld.ReadAsync(app, db => db.Set<Mailing>().Where(m => m.Id == id).Select(m => m.CreatedAt).SingleAsync());
        string MessageId(int subscriber) => "<" + NewsletterMessageIds.For(id, subscriber, createdAt, "contrevue.test") + ">";

        // Hard bounce by Message-ID: bounced, the delivery too, and a withdrawal in the consent log.
        Assert.Equal(HttpStatusCode.Accepted, (await NotifyAsync(app, $$"""{"kind":"hard-bounce","messageId":"{{MessageId(hard)}}"}""")).StatusCode);
        var bounced = await SubscriberAsync(app, hard);
        Assert.Equal(SubscriberStatus.Bounced, bounced.Status);
        Assert.NotNull(bounced.BouncedAt);
        Assert.Equal(DeliveryStatus.Bounced, (await MailingWorld.DeliveriesAsync(app, id)).Single(d => d.SubscriberId == hard).Status);
        var withdrawal = Assert.Single(await ConsentsAsync(app, hard));
        Assert.Equal((ConsentAction.Withdrawn, "bounce"), (withdrawal.Action, withdrawal.Method));
        Assert.Equal(list, withdrawal.Lists);

        // Soft bounces by address (any case): the third is a hard one.
        var email = await MailingWorld.ReadAsync(app, db => db.Set<Subscriber>().Where(s => s.Id == soft).Select(s => s.Email).SingleAsync());
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await NotifyAsync(app, $$"""{"kind":"soft-bounce","email":"{{email.ToUpperInvariant()}}"}""")).StatusCode);
            var state = await SubscriberAsync(app, soft);
            Assert.Equal(i, state.SoftBounceCount);
            Assert.Equal(i < 3 ? SubscriberStatus.Confirmed : SubscriberStatus.Bounced, state.Status);
        }

        // A complaint and a mail to the List-Unsubscribe address, in one batch, with an unknown address among them.
        using (var scope = app.Services.CreateScope())
        {
            var token = scope.ServiceProvider.GetRequiredService<NewsletterLinks>().SubscriberToken(leaving);
            var batch = $$"""
                [
                  {"kind":"complaint","messageId":"{{MessageId(complaint)}}"},
                  {"kind":"unsubscribe","token":"{{token}}","messageId":"{{MessageId(leaving)}}"},
                  {"kind":"hard-bounce","email":"personne-{{Guid.NewGuid():N}}@example.org"}
                ]
                """;
            Assert.Equal(HttpStatusCode.Accepted, (await NotifyAsync(app, batch)).StatusCode);
        }
        Assert.Equal(SubscriberStatus.Bounced, (await SubscriberAsync(app, complaint)).Status);
        Assert.Equal("complaint", Assert.Single(await ConsentsAsync(app, complaint)).Method);
        var left = await SubscriberAsync(app, leaving);
        Assert.Equal(SubscriberStatus.Unsubscribed, left.Status);
        Assert.NotNull(left.UnsubscribedAt);
        var mailto = Assert.Single(await ConsentsAsync(app, leaving));
        Assert.Equal((ConsentAction.Withdrawn, "mailto", (int?)id), (mailto.Action, mailto.Method, mailto.MailingId));
        Assert.Equal(SubscriberStatus.Confirmed, (await SubscriberAsync(app, staying)).Status);

        var counters = (await MailingWorld.GetAsync(member.Api, id)).GetProperty("counters");
        Assert.Equal(2, counters.GetProperty("bounced").GetInt32());
        // The complaint and the mailto withdrawal both came from this mailing.
        Assert.Equal(2, counters.GetProperty("unsubscribed").GetInt32());

        // Nothing more is sent to them: the next mailing queues only whoever is still confirmed.
        var next = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([list], subject: "La suivante"));
        Assert.Equal(HttpStatusCode.Accepted, (await member.Api.PostAsync($"/api/v1/newsletter/mailings/{next}/send", null)).StatusCode);
        Assert.Equal(new[] { staying }, (await MailingWorld.DeliveriesAsync(app, next)).Select(d => d.SubscriberId));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_endpoint_wants_the_server_secret_and_readable_reports(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        const string Report = """{"kind":"hard-bounce","email":"quelquun@example.org"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(app, Report, token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(app, Report, token: Secret + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(app, Report, token: "cvt_pas-un-jeton")).StatusCode);
        // Unknown: accepted, without saying so.
        Assert.Equal(HttpStatusCode.Accepted, (await NotifyAsync(app, Report)).StatusCode);

        foreach (var malformed in new[] { "{", "42", "[]", """{"kind":"bounce","email":"a@example.org"}""", """{"kind":"hard-bounce"}""", """[{"kind":"complaint","email":"a@example.org"}, 3]""" })
        {
            var response = await NotifyAsync(app, malformed);
            var body = await MailingWorld.ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("Signalement illisible", body);
        }

        await using var without = await AppAsync(provider, withToken: false);
        Assert.Equal(HttpStatusCode.NotFound, (await NotifyAsync(without, Report)).StatusCode);
    }
}
