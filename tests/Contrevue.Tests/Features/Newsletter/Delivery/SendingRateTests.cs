using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Delivery;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Delivery;

/// <summary>The rate every instance shares: slots reserved in the database, and the admins' endpoint that sets it.</summary>
public sealed class SendingRateTests
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Slots_reserved_by_two_senders_at_once_are_never_closer_than_one_over_the_rate(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), new Dictionary<string, string> { ["Newsletter:MessagesPerSecond"] = "200" });
        _ = app.Services; // migrated once, before the two senders
        var start = new DateTime(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc);
        var slots = new ConcurrentBag<(int Sender, DateTime Slot)>();

        // Two senders, each with its own connection, reserving 3 slots at a time, 40 times, at the same instant.
        async Task SenderAsync(int sender)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            for (var i = 0; i < 40; i++)
            {
                foreach (var slot in await SendingRate.ReserveAsync(db, 3, 200, start))
                {
                    slots.Add((sender, slot));
                }
            }
        }
        await Task.WhenAll(Task.Run(() => SenderAsync(1)), Task.Run(() => SenderAsync(2)));

        var ordered = slots.OrderBy(s => s.Slot).ToList();
        Assert.Equal(240, ordered.Count);
        Assert.Equal(start, ordered[0].Slot);
        var interval = TimeSpan.FromSeconds(1.0 / 200);
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Slot - ordered[i - 1].Slot >= interval,
                $"slot {i}: {ordered[i - 1].Slot:O} ({ordered[i - 1].Sender}) then {ordered[i].Slot:O} ({ordered[i].Sender})");
        }
        Assert.Contains(ordered, s => s.Sender == 1);
        Assert.Contains(ordered, s => s.Sender == 2);
        // 240 messages at 200/s take 1.2 s of slots, however the two senders interleave.
        Assert.True(ordered[^1].Slot - start >= interval * 239);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_reads_and_changes_the_shared_rate_and_a_wrong_value_is_refused_in_french(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), new Dictionary<string, string> { ["Newsletter:MessagesPerSecond"] = "25" });
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var admin = TestAccounts.ClientWithToken(app, token);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);

        Assert.Equal(25, await RateOf(await admin.GetAsync("/api/v1/newsletter/rate")));
        Assert.Equal(12, await RateOf(await admin.PutAsJsonAsync("/api/v1/newsletter/rate", new { messagesPerSecond = 12 })));
        Assert.Equal(12, await RateOf(await admin.GetAsync("/api/v1/newsletter/rate")));
        var stored = await DeliveryTestSupport.ReadAsync(app.Services, db => db.Set<NewsletterSendingRate>().AsNoTracking().SingleAsync());
        Assert.Equal(12, stored.MessagesPerSecond);

        foreach (var wrong in new object[] { new { messagesPerSecond = 0 }, new { messagesPerSecond = 1001 }, new { messagesPerSecond = -5 }, new { } })
        {
            var refused = await admin.PutAsJsonAsync("/api/v1/newsletter/rate", wrong);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("entre 1 et 1000", await refused.Content.ReadAsStringAsync());
        }
        var notJson = await admin.PutAsync("/api/v1/newsletter/rate", new StringContent("{\"messagesPerSecond\": \"vite\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlessClient().GetAsync("/api/v1/newsletter/rate")).StatusCode);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.PutAsJsonAsync("/api/v1/newsletter/rate", new { messagesPerSecond = 500 })).StatusCode);
        Assert.Equal(12, await RateOf(await admin.GetAsync("/api/v1/newsletter/rate")));
    }

    private static async Task<double> RateOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("messagesPerSecond").GetDouble();
    }
}
