using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Contrevue.Features.Newsletter;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Features.Events;
using Contrevue.Tests.Features.Procedures;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Contrevue.Tests.Features.Newsletter.Mailings;

/// <summary>Composing, scheduling, pausing and counting mailings through the API, on each provider.</summary>
[Collection(AppsCollection.Name)]
public sealed class MailingApiTests(TestApps apps, ITestOutputHelper output)
{
    private async Task<AppFactory> AppAsync(DatabaseProvider provider) =>
        new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Site:PublicUrl"] = "https://lettre.contrevue.test" }, ownsDatabase: false);

    /// <summary>A member of a new collective whose list is open, with a second opened collective of theirs.</summary>
    private static async Task<(CollectiveMemberSession Member, string ListA, string ListB)> OrganiserAsync(AppFactory app, bool signIn = false)
    {
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: signIn);
        var second = await ProcedureWorld.CreateCollectiveAsync(app);
        await MailingWorld.ReadAsync(app, async db =>
        {
            db.Add(new Contrevue.Features.Collectives.CollectiveMember { CollectiveId = second, UserId = member.UserId, JoinedAt = DateTime.UnixEpoch });
            return await db.SaveChangesAsync();
        });
        await MailingWorld.OpenCollectiveListAsync(app, member.CollectiveId);
        await MailingWorld.OpenCollectiveListAsync(app, second);
        return (member, $"collective:{member.CollectiveId}", $"collective:{second}");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sending_queues_one_delivery_per_confirmed_subscriber_of_the_lists_and_topics_and_renders_once(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (member, a, b) = await OrganiserAsync(app);
        var expected = new[]
        {
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", a),                  // every topic
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "legal", b),             // the mailing's topic
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "campaign,legal", a, b), // both lists: once
        };
        var excluded = new[]
        {
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "events", a),     // another topic
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Unconfirmed, "", a),
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Unsubscribed, "", a),
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Bounced, "", b),
            await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", "national"), // another list
        };

        var id = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([a, b], ["legal"]));
        var draft = await MailingWorld.GetAsync(member.Api, id);
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.Equal(3, draft.GetProperty("audience").GetInt32());
        Assert.Equal(new[] { a, b }, draft.GetProperty("lists").EnumerateArray().Select(l => l.GetString()));

        var before = TimeProvider.System.GetUtcNow().UtcDateTime;
        var sent = await member.Api.PostAsync($"/api/v1/newsletter/mailings/{id}/send", null);
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());

        var deliveries = await MailingWorld.DeliveriesAsync(app, id);
        Assert.Equal(expected.Order(), deliveries.Select(d => d.SubscriberId).Order());
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.InRange(d.NextAttemptAt, before.AddSeconds(-5), TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(5));
        });
        Assert.DoesNotContain(deliveries, d => excluded.Contains(d.SubscriberId));

        var mailing = await MailingWorld.ReadAsync(app, db => db.Set<Mailing>().AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(MailingStatus.Scheduled, mailing.Status);
        Assert.NotNull(mailing.ScheduledAt);
        Assert.True(mailing.HtmlBody!.Contains("<strong>renoncé</strong>", StringComparison.Ordinal), mailing.HtmlBody + "\n----\n" + mailing.TextBody);
        Assert.Contains("<html lang=\"fr\">", mailing.HtmlBody);
        Assert.Contains("<strong>renoncé</strong>", mailing.HtmlBody);
        Assert.Contains("Les nouvelles</h4>", mailing.HtmlBody);
        Assert.DoesNotContain("<script", mailing.HtmlBody);
        Assert.DoesNotContain("<img", mailing.HtmlBody);
        Assert.DoesNotContain("tracker.example.com/p.png\"", mailing.HtmlBody);
        Assert.DoesNotContain("<link", mailing.HtmlBody);
        Assert.DoesNotContain("<style", mailing.HtmlBody);
        Assert.Contains("le compte rendu (https://example.org/cr)", mailing.TextBody);
        Assert.Contains("- premier point", mailing.TextBody);
        Assert.DoesNotContain("<", mailing.TextBody!.Replace("<script>alert(1)</script>", "", StringComparison.Ordinal));

        var scheduled = await MailingWorld.GetAsync(member.Api, id);
        Assert.Equal("scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal(3, scheduled.GetProperty("counters").GetProperty("queued").GetInt32());
        Assert.Equal(3, scheduled.GetProperty("audience").GetInt32());

        // Sending again queues nothing more; a scheduled mailing is no longer edited or deleted.
        await MailingWorld.ProblemAsync(await member.Api.PostAsync($"/api/v1/newsletter/mailings/{id}/send", null), HttpStatusCode.Conflict);
        await MailingWorld.ProblemAsync(await member.Api.PutAsJsonAsync($"/api/v1/newsletter/mailings/{id}", MailingWorld.Draft([a])), HttpStatusCode.Conflict);
        await MailingWorld.ProblemAsync(await member.Api.DeleteAsync($"/api/v1/newsletter/mailings/{id}"), HttpStatusCode.Conflict);
        Assert.Equal(3, (await MailingWorld.DeliveriesAsync(app, id)).Count);

        // Someone organising none of its lists does not see it.
        var stranger = await EventWorld.MemberOfNewCollectiveAsync(app);
        await MailingWorld.ProblemAsync(await stranger.Api.GetAsync($"/api/v1/newsletter/mailings/{id}"), HttpStatusCode.NotFound);
        await MailingWorld.ProblemAsync(await stranger.Api.PostAsync($"/api/v1/newsletter/mailings/{id}/pause", null), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Moderators_send_to_the_national_and_departements_lists_at_a_chosen_time(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var national = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", "national");
        var loire = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", "departement:42");
        var corse = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", "departement:2A");

        var id = await MailingWorld.CreateAsync(moderator, MailingWorld.Draft(["national", "departement:42"]));
        var at = TimeProvider.System.GetUtcNow().AddDays(5);
        var sent = await moderator.PostAsJsonAsync($"/api/v1/newsletter/mailings/{id}/send", new { at = at.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
        var deliveries = await MailingWorld.DeliveriesAsync(app, id);
        Assert.Contains(deliveries, d => d.SubscriberId == national);
        Assert.Contains(deliveries, d => d.SubscriberId == loire);
        Assert.DoesNotContain(deliveries, d => d.SubscriberId == corse);
        Assert.All(deliveries, d => Assert.InRange(d.NextAttemptAt, at.UtcDateTime.AddSeconds(-1), at.UtcDateTime.AddSeconds(1)));

        // A member of a collective organises neither.
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        await MailingWorld.ProblemAsync(await member.Api.PostAsJsonAsync("/api/v1/newsletter/mailings", MailingWorld.Draft(["national"])), HttpStatusCode.Forbidden);
        await MailingWorld.ProblemAsync(await member.Api.GetAsync($"/api/v1/newsletter/mailings/{id}"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Ten_thousand_subscribers_are_queued_once_when_two_sends_race(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (member, a, _) = await OrganiserAsync(app);
        var ids = await MailingWorld.ManyAsync(app, 10_000, a);
        var id = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([a]));

        var watch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(
            member.Api.PostAsync($"/api/v1/newsletter/mailings/{id}/send", null),
            member.Api.PostAsync($"/api/v1/newsletter/mailings/{id}/send", null));
        watch.Stop();
        output.WriteLine($"{provider}: two concurrent sends of 10,000 deliveries in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }, answers.Select(r => r.StatusCode).Order());

        var deliveries = await MailingWorld.DeliveriesAsync(app, id);
        Assert.Equal(10_000, deliveries.Count);
        Assert.Equal(ids.Order(), deliveries.Select(d => d.SubscriberId).Order());

        // One set-based statement: a third mailing to the same 10,000 is queued well under a second (timed alone).
        var again = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([a], subject: "Encore"));
        watch.Restart();
        var response = await member.Api.PostAsync($"/api/v1/newsletter/mailings/{again}/send", null);
        watch.Stop();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        output.WriteLine($"{provider}: one send of 10,000 deliveries in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.ElapsedMilliseconds < 3_000, $"queuing 10,000 deliveries took {watch.ElapsedMilliseconds} ms");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_mailings_get_french_4xx_never_500(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (member, a, _) = await OrganiserAsync(app);
        var api = member.Api;
        const string Url = "/api/v1/newsletter/mailings";

        var huge = await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([a], markdown: new string('a', 100 * 1024))), HttpStatusCode.BadRequest);
        Assert.Contains("Le texte de la lettre compte au plus", huge);

        var unknown = await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft(["mars:1"])), HttpStatusCode.BadRequest);
        Assert.Contains("Liste inconnue", unknown);
        Assert.Contains("Aucun département", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft(["departement:99"])), HttpStatusCode.BadRequest));
        Assert.Contains("Choisissez au moins une liste", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([])), HttpStatusCode.BadRequest));
        Assert.Contains("Thème inconnu", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([a], ["sport"])), HttpStatusCode.BadRequest));
        Assert.Contains("au plus", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([a], subject: new string('x', 201))), HttpStatusCode.BadRequest));
        Assert.Contains("Indiquez l'objet", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([a], subject: "  ")), HttpStatusCode.BadRequest));
        // A header injection in the subject.
        var hostile = await api.PostAsJsonAsync(Url, MailingWorld.Draft([a], subject: "Bonjour\r\nBcc: victime@example.org"));
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Contains("objet", (await MailingWorld.ProblemAsync(hostile, HttpStatusCode.BadRequest)).ToLowerInvariant());

        // Another collective's opened list: not theirs to write to.
        var other = await EventWorld.MemberOfNewCollectiveAsync(app);
        await MailingWorld.OpenCollectiveListAsync(app, other.CollectiveId);
        await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([a, $"collective:{other.CollectiveId}"])), HttpStatusCode.Forbidden);
        // A collective that never opened its list.
        var closed = await ProcedureWorld.CreateCollectiveAsync(app);
        Assert.Contains("n'a pas ouvert", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync(Url, MailingWorld.Draft([$"collective:{closed}"])), HttpStatusCode.BadRequest));

        // No confirmed subscriber: nothing to send.
        await MailingWorld.SubscriberAsync(app, SubscriberStatus.Unconfirmed, "", a);
        var id = await MailingWorld.CreateAsync(api, MailingWorld.Draft([a]));
        Assert.Contains("Aucun abonné confirmé", await MailingWorld.ProblemAsync(await api.PostAsync($"{Url}/{id}/send", null), HttpStatusCode.UnprocessableEntity));
        Assert.Equal("draft", (await MailingWorld.GetAsync(api, id)).GetProperty("status").GetString());
        // A date more than a year ahead, or unreadable.
        await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", a);
        Assert.Contains("un an", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync($"{Url}/{id}/send", new { at = TimeProvider.System.GetUtcNow().AddYears(2).ToString("O") }), HttpStatusCode.BadRequest));
        Assert.Contains("ISO 8601", await MailingWorld.ProblemAsync(await api.PostAsJsonAsync($"{Url}/{id}/send", new { at = "mardi prochain" }), HttpStatusCode.BadRequest));
        Assert.Empty(await MailingWorld.DeliveriesAsync(app, id));
        // A draft is changed and deleted.
        var changed = await api.PutAsJsonAsync($"{Url}/{id}", MailingWorld.Draft([a], subject: "Objet corrigé"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Objet corrigé", (await MailingWorld.GetAsync(api, id)).GetProperty("subject").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"{Url}/{id}")).StatusCode);
        await MailingWorld.ProblemAsync(await api.GetAsync($"{Url}/{id}"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pause_keeps_deliveries_pending_resume_schedules_again_and_counters_follow_the_deliveries(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (member, a, _) = await OrganiserAsync(app);
        var subscribers = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            subscribers.Add(await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", a));
        }
        var id = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([a]));
        var url = $"/api/v1/newsletter/mailings/{id}";
        await MailingWorld.ProblemAsync(await member.Api.PostAsync($"{url}/pause", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Accepted, (await member.Api.PostAsync($"{url}/send", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await member.Api.PostAsync($"{url}/pause", null)).StatusCode);
        Assert.Equal("paused", (await MailingWorld.GetAsync(member.Api, id)).GetProperty("status").GetString());
        Assert.All(await MailingWorld.DeliveriesAsync(app, id), d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        Assert.Equal(HttpStatusCode.OK, (await member.Api.PostAsync($"{url}/pause", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Api.PostAsync($"{url}/resume", null)).StatusCode);
        Assert.Equal("scheduled", (await MailingWorld.GetAsync(member.Api, id)).GetProperty("status").GetString());

        // What the sending and the unsubscribe links would have done.
        await MailingWorld.ReadAsync(app, async db =>
        {
            var rows = await db.Set<NewsletterDelivery>().Where(d => d.MailingId == id).OrderBy(d => d.SubscriberId).ToListAsync();
            rows[0].Status = DeliveryStatus.Sent;
            rows[1].Status = DeliveryStatus.Sent;
            rows[2].Status = DeliveryStatus.Failed;
            rows[3].Status = DeliveryStatus.Bounced;
            rows[4].Status = DeliveryStatus.Skipped;
            rows[5].Status = DeliveryStatus.Sending;
            db.Add(new ConsentRecord { SubscriberId = rows[0].SubscriberId, At = TimeProvider.System.GetUtcNow().UtcDateTime, Action = ConsentAction.Withdrawn, Method = "one-click", MailingId = id });
            db.Add(new ConsentRecord { SubscriberId = rows[1].SubscriberId, At = TimeProvider.System.GetUtcNow().UtcDateTime, Action = ConsentAction.Withdrawn, Method = "preferences" });
            return await db.SaveChangesAsync();
        });
        var counters = (await MailingWorld.GetAsync(member.Api, id)).GetProperty("counters");
        Assert.Equal(2, counters.GetProperty("queued").GetInt32());
        Assert.Equal(2, counters.GetProperty("sent").GetInt32());
        Assert.Equal(1, counters.GetProperty("failed").GetInt32());
        Assert.Equal(1, counters.GetProperty("bounced").GetInt32());
        Assert.Equal(1, counters.GetProperty("skipped").GetInt32());
        Assert.Equal(1, counters.GetProperty("unsubscribed").GetInt32());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_api_is_rate_limited_per_account_with_a_french_429(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (member, a, _) = await OrganiserAsync(app);
        var id = await MailingWorld.CreateAsync(member.Api, MailingWorld.Draft([a]));
        // The creation was the first call of the window.
        for (var i = 1; i < Contrevue.Features.Newsletter.Mailings.MailingRateLimits.Permits; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await member.Api.GetAsync($"/api/v1/newsletter/mailings/{id}")).StatusCode);
        }
        var refused = await member.Api.GetAsync($"/api/v1/newsletter/mailings/{id}");
        Assert.Contains("réessayez dans", await MailingWorld.ProblemAsync(refused, HttpStatusCode.TooManyRequests));
        Assert.NotNull(refused.Headers.RetryAfter);
        // Another account keeps its own allowance.
        var other = await EventWorld.MemberOfNewCollectiveAsync(app);
        await MailingWorld.ProblemAsync(await other.Api.GetAsync($"/api/v1/newsletter/mailings/{id}"), HttpStatusCode.NotFound);
    }
}
