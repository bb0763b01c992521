using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// The calendars read by a second parser, independent of the writer (and of the Ical.Net that reads them in the unit tests): Mozilla's ical.js,
/// injected into a page of the app (from the test's node_modules, never a CDN) and fetching the .ics files
/// from the same origin. A weekly Wednesday 18:30 meeting with one cancelled week stays at 18:30 in Paris
/// on both sides of the last Sunday of March and of October.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EventCalendarTests(BrowserFixture fixture)
{
    private const string Expand = """
        async ([path, title]) => {
          const text = await (await fetch(path)).text();
          const calendar = new ICAL.Component(ICAL.parse(text));
          for (const zone of calendar.getAllSubcomponents('vtimezone')) { ICAL.TimezoneService.register(zone); }
          const vevent = calendar.getAllSubcomponents('vevent').find(e => e.getFirstPropertyValue('summary') === title);
          if (!vevent) { return ['missing']; }
          const event = new ICAL.Event(vevent);
          const starts = [];
          const iterator = event.iterator();
          for (let next = iterator.next(); next && starts.length < 60; next = iterator.next()) {
            starts.push(next.toJSDate().toISOString());
          }
          return [event.startDate.zone.tzid, vevent.getFirstPropertyValue('status') || '', ...starts];
        }
        """;

    [Fact]
    public async Task Every_calendar_file_gives_18_30_in_Paris_across_both_clock_changes_to_ical_js()
    {
        var title = $"Réunion inter-collectifs {Guid.NewGuid():N}"[..33];
        int eventId, collectiveId;
        using (var scope = fixture.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<CollectiveService>().CreateAsync("browser-tests",
                new CollectiveInput($"Collectif ligérien {Guid.NewGuid():N}"[..28], null, ["departement:42"], null, Listed: true), default);
            var collective = Assert.IsType<CollectiveChange.Saved>(created).Collective;
            collectiveId = collective.Id;
            var member = await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Accounts.AccountAdministration>()
                .CreateAsync($"membre-{Guid.NewGuid():N}@contrevue.test", "une phrase de passe assez longue", Contrevue.Infrastructure.Security.Roles.Member);
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new CollectiveMember { CollectiveId = collective.Id, UserId = member.User!.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            var organiser = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new(System.Security.Claims.ClaimTypes.NameIdentifier, member.User.Id)], "tests"));
            // Wednesdays from 17 March 2027: the 24th cancelled; summer time from Sunday 28 March to Sunday 31 October.
            var meeting = await scope.ServiceProvider.GetRequiredService<EventService>().CreateAsync(organiser,
                new EventInput(title, "inter-collective-meeting", collective.Id, "2027-03-17T18:30", "2027-03-17T20:00",
                    "FREQ=WEEKLY;BYDAY=WE;COUNT=40", ["2027-03-24"], true, "https://visio.example.org/secret-de-reunion", null, "departement:42",
                    "Écrivez-nous pour avoir plus d'infos.", null, true), default);
            eventId = Assert.IsType<EventChange.Done>(meeting).Event.Id;
        }

        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        await page.GotoAsync("/agenda");
        await page.EvaluateAsync(File.ReadAllText(Prerequisites.IcalScriptPath));
        foreach (var path in new[] { $"/agenda/{eventId}.ics", "/agenda.ics", "/agenda/departements/42.ics", $"/collectifs/{collectiveId}/agenda.ics" })
        {
            var read = await page.EvaluateAsync<string[]>(Expand, new object[] { path, title });
            Assert.True(read.Length > 2, $"{path}: {string.Join(", ", read)}");
            Assert.Equal("Europe/Paris", read[0]);
            var starts = read[2..];
            Assert.Equal(39, starts.Length);
            Assert.Contains("2027-03-17T17:30:00.000Z", starts);   // 18:30 in winter time (+01:00)
            Assert.DoesNotContain("2027-03-24T17:30:00.000Z", starts); // the cancelled week
            Assert.DoesNotContain("2027-03-24T16:30:00.000Z", starts);
            Assert.Contains("2027-03-31T16:30:00.000Z", starts);   // 18:30 in summer time (+02:00)
            Assert.Contains("2027-10-27T16:30:00.000Z", starts);
            Assert.Contains("2027-11-03T17:30:00.000Z", starts);
            Assert.All(starts, start => Assert.True(
                TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) == "18:30",
                $"{path}: {start} is not 18:30 in Paris"));
            var text = await page.EvaluateAsync<string>("async path => await (await fetch(path)).text()", path);
            Assert.DoesNotContain("secret-de-reunion", text);
        }
        watched.AssertNoRequestLeftTheOrigin();
    }
}
