using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Infrastructure.Security;
using Ical.Net.DataTypes;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Events;

[Collection(AppsCollection.Name)]
public sealed class EventApiTests(TestApps apps)
{
    private const string Secret = "salle-secrete-7f3a";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_weekly_wednesday_meeting_stays_at_18_30_paris_across_both_clock_changes_in_the_api_and_every_calendar(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, listed: true);
        var anonymous = app.CreateBrowserlessClient();

        var created = await alice.Api.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(alice.CollectiveId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        // The organiser reads the link back; nobody else does.
        Assert.Contains(Secret, await alice.Api.GetStringAsync($"/api/v1/events/{id}"));

        var list = await anonymous.GetStringAsync($"/api/v1/events?from=2027-03-01&to=2027-11-30&collective={alice.CollectiveId}");
        Assert.DoesNotContain(Secret, list);
        var starts = JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (Id: i.GetProperty("id").GetInt32(), Start: i.GetProperty("occurrenceStart").GetString()!)).ToList();
        Assert.All(starts, s => Assert.Equal(id, s.Id));
        Assert.Contains(("2027-03-17T18:30:00+01:00"), starts.Select(s => s.Start));
        Assert.DoesNotContain(starts, s => s.Start.StartsWith("2027-03-24", StringComparison.Ordinal));
        Assert.Contains(("2027-03-31T18:30:00+02:00"), starts.Select(s => s.Start));
        Assert.Contains(("2027-10-27T18:30:00+02:00"), starts.Select(s => s.Start));
        Assert.Contains(("2027-11-03T18:30:00+01:00"), starts.Select(s => s.Start));
        Assert.All(starts, s => Assert.Contains("T18:30:00+0", s.Start));
        // 10 March – 24 November: 38 Wednesdays, one cancelled.
        Assert.Equal(37, starts.Count);
        var withTerritory = await anonymous.GetStringAsync("/api/v1/events?territory=departement:42&from=2027-03-01&to=2027-04-01");
        Assert.Contains($"\"id\":{id},", withTerritory);
        Assert.DoesNotContain($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/events?territory=departement:43&from=2027-03-01&to=2027-04-01"));
        Assert.DoesNotContain($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/events?kind=rally&from=2027-03-01&to=2027-04-01"));
        var single = await anonymous.GetStringAsync($"/api/v1/events/{id}");
        Assert.DoesNotContain(Secret, single);
        Assert.Contains("\"online\":true", single);

        var feeds = new[] { $"/agenda/{id}.ics", "/agenda.ics", "/agenda/departements/42.ics", $"/collectifs/{alice.CollectiveId}/agenda.ics" };
        foreach (var feed in feeds)
        {
            var response = await anonymous.GetAsync(feed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var ics = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Secret, ics);
            Assert.Contains("BEGIN:VTIMEZONE", ics);
            Assert.Contains("DTSTART;TZID=Europe/Paris:20270310T183000", ics);
            Assert.Contains("RRULE:FREQ=WEEKLY;BYDAY=WE", ics);
            Assert.Contains("EXDATE;TZID=Europe/Paris:20270324T183000", ics);
            Assert.Contains($"UID:event-{id}@", ics);
            var occurrences = Occurrences(ics, id);
            Assert.DoesNotContain(occurrences, o => o.Date == new DateOnly(2027, 3, 24));
            Assert.Contains(occurrences, o => o.Date == new DateOnly(2027, 3, 17) && o.Utc.Hour == 17);
            Assert.Contains(occurrences, o => o.Date == new DateOnly(2027, 3, 31) && o.Utc.Hour == 16);
            Assert.Contains(occurrences, o => o.Date == new DateOnly(2027, 10, 27) && o.Utc.Hour == 16);
            Assert.Contains(occurrences, o => o.Date == new DateOnly(2027, 11, 3) && o.Utc.Hour == 17);
            Assert.All(occurrences, o => Assert.Equal(new TimeOnly(18, 30), o.Paris));
        }

        // A change: the cached feed shows it at once, with the next SEQUENCE; a cancellation too.
        Assert.Contains("SEQUENCE:0", await anonymous.GetStringAsync($"/agenda/{id}.ics"));
        var changed = await alice.Api.PutAsJsonAsync($"/api/v1/events/{id}", EventWorld.WeeklyMeeting(alice.CollectiveId, "Réunion inter-collectifs (nouvelle salle)"));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var afterChange = await anonymous.GetStringAsync($"/agenda/{id}.ics");
        Assert.Contains("SEQUENCE:1", afterChange);
        Assert.Contains("nouvelle salle", afterChange);
        Assert.Contains("nouvelle salle", await anonymous.GetStringAsync($"/api/v1/events?from=2027-03-01&to=2027-04-01&collective={alice.CollectiveId}"));
        Assert.Equal(HttpStatusCode.OK, (await alice.Api.PostAsync($"/api/v1/events/{id}/cancel", null)).StatusCode);
        var afterCancel = await anonymous.GetStringAsync("/agenda.ics");
        Assert.Contains("STATUS:CANCELLED", afterCancel);
        Assert.Contains("SEQUENCE:2", await anonymous.GetStringAsync($"/agenda/{id}.ics"));
        Assert.Contains("\"cancelled\":true", await anonymous.GetStringAsync($"/api/v1/events/{id}"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unlisted_collective_has_no_public_calendar(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, listed: false);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync($"/collectifs/{alice.CollectiveId}/agenda.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync("/agenda/departements/ZZ.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync("/agenda/999999.ics")).StatusCode);
    }

    public static TheoryData<DatabaseProvider, string, string, string> BadInputs()
    {
        var data = new TheoryData<DatabaseProvider, string, string, string>();
        var cases = new (string Name, Func<Dictionary<string, object?>, Dictionary<string, object?>> Change, string Expected)[]
        {
            ("unknown territory", b => With(b, "territory", "99999"), "Territoire inconnu"),
            ("unknown place", b => With(With(b, "online", false), "place", new { address = "Place du Peuple", territory = "99999" }), "Aucune commune"),
            ("FREQ=SECONDLY", b => With(b, "recurrence", "FREQ=SECONDLY"), "Seules les récurrences"),
            ("nonsense rule", b => With(b, "recurrence", "FREQ=WEEKLY;BYDAY=WE;BYHOUR=99"), "n'est pas prise en charge"),
            ("end before start", b => With(b, "end", "2027-03-10T17:00"), "La fin doit venir après le début"),
            ("capacity 0", b => With(b, "capacity", 0), "La jauge"),
            ("100 KB description", b => With(b, "description", new string('a', 100_000)), "La description tient"),
            ("unknown kind", b => With(b, "kind", "party"), "Type de rendez-vous inconnu"),
            ("no title", b => With(b, "title", "  "), "Le titre est obligatoire"),
            ("start with offset", b => With(b, "start", "2027-03-10T18:30:00+01:00"), "heure de Paris"),
            ("javascript link", b => With(b, "onlineUrl", "javascript:alert(1)"), "lien http(s)"),
            ("bad exception date", b => With(b, "exceptions", new[] { "24/03/2027" }), "AAAA-MM-JJ"),
            ("control character", b => With(b, "title", "Réunion\u0007"), "caractère interdit"),
            ("noncharacter", b => With(b, "description", "Texte \uFDD0"), "caractère interdit"),
        };
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var (name, change, expected) in cases)
            {
                data.Add(provider, name, JsonSerializer.Serialize(change(Meeting())), expected);
            }
            data.Add(provider, "malformed JSON", "{\"title\": \"Réunion\", \"capacity\": \"beaucoup\"}", "");
            data.Add(provider, "not JSON", "title=Réunion", "");
        }
        return data;
    }

    [Theory, MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_french_400_never_a_500(DatabaseProvider provider, string name, string body, string expected)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app);
        body = body.Replace("\"collective\":null", $"\"collective\":{alice.CollectiveId}", StringComparison.Ordinal);
        var response = await alice.Api.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, JsonDocument.Parse(text).RootElement.ToString());
        if (expected.Length == 0)
        {
            Assert.Matches("[éèàù]|requête|invalide|refus", text);
        }
        // The same for a change of an existing event.
        var created = await alice.Api.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(alice.CollectiveId));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var put = await alice.Api.PutAsync($"/api/v1/events/{id}", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(put.StatusCode == HttpStatusCode.BadRequest, $"{name} (PUT): {(int)put.StatusCode}");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_queries_get_a_french_400(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        foreach (var (query, expected) in new[]
        {
            ("from=2027-01-01&to=2029-01-01", "au plus un an"),
            ("from=2027-02-01&to=2027-01-01", "doit venir après"),
            ("territory=nulle-part", "Territoire illisible"),
            ("kind=party", "Type de rendez-vous inconnu"),
            ("from=demain", "s'écrit AAAA-MM-JJ"),
        })
        {
            var response = await anonymous.GetAsync($"/api/v1/events?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ToString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/events/999999")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_a_collectives_members_write_its_events_and_only_moderators_national_ones(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app);
        var bob = await EventWorld.MemberOfNewCollectiveAsync(app);
        var anonymous = app.CreateBrowserlessClient();
        var created = await alice.Api.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(alice.CollectiveId));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(alice.CollectiveId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/v1/events/{id}", EventWorld.WeeklyMeeting(alice.CollectiveId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/events/{id}/cancel", null)).StatusCode);
        var intruding = await bob.Api.PutAsJsonAsync($"/api/v1/events/{id}", EventWorld.WeeklyMeeting(alice.CollectiveId, "Piraté"));
        Assert.Equal(HttpStatusCode.Forbidden, intruding.StatusCode);
        Assert.Contains("membres du collectif", await intruding.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.Api.PostAsync($"/api/v1/events/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.Api.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(alice.CollectiveId))).StatusCode);
        // Nor may Alice hand her event to Bob's collective.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Api.PutAsJsonAsync($"/api/v1/events/{id}", EventWorld.WeeklyMeeting(bob.CollectiveId))).StatusCode);
        Assert.DoesNotContain(Secret, await bob.Api.GetStringAsync($"/api/v1/events/{id}"));
        var stored = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/events/{id}")).RootElement;
        Assert.Equal("Réunion inter-collectifs", stored.GetProperty("title").GetString());
        Assert.False(stored.GetProperty("cancelled").GetBoolean());

        // National events: moderators only.
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Api.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(null))).StatusCode);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var national = await moderator.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(null, "Réunion nationale"));
        Assert.Equal(HttpStatusCode.Created, national.StatusCode);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(await national.Content.ReadAsStringAsync()).RootElement.GetProperty("collective").ValueKind);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Titles_and_descriptions_with_separators_accents_emoji_and_long_lines_come_back_intact_from_the_calendar(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        const string title = "Débat ; « VSA, non merci » \\ 15/6 à Saint-Étienne 📹";
        var description = "Première ligne, avec virgule ; et point-virgule.\nDeuxième ligne : " + string.Join(' ', Enumerable.Repeat("éèà📹", 60));
        var body = With(With(With(With(Meeting(), "title", title), "description", description), "recurrence", null), "exceptions", Array.Empty<string>());
        var created = await moderator.PostAsJsonAsync("/api/v1/events", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var ics = await app.CreateBrowserlessClient().GetStringAsync($"/agenda/{id}.ics");
        // Folded at 75 octets of UTF-8, every line ended by CRLF.
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.DoesNotContain("\n", ics.Replace("\r\n", ""));
        var read = Ical.Net.Calendar.Load(ics)!.Events.Single();
        Assert.Equal(title, read.Summary);
        Assert.Contains(description, read.Description);
        Assert.Equal("Réunion inter-collectifs", read.Categories.Single());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Made_up_query_parameters_cannot_force_a_new_rendering_of_a_calendar_feed(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();
        var first = await anonymous.GetStringAsync("/agenda.ics");

        // A row written behind the application's back (no eviction): only a new rendering would show it.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new Contrevue.Features.Events.Event
            {
                Title = "Rendez-vous écrit en douce", Kind = "debate", LocalStart = "2027-06-15T19:00", LocalEnd = "2027-06-15T21:00",
                FirstStartUtc = new DateTime(2027, 6, 15, 17, 0, 0, DateTimeKind.Utc), LastEndUtc = new DateTime(2027, 6, 15, 19, 0, 0, DateTimeKind.Utc),
                CreatedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        }
        foreach (var query in new[] { "", "?x=1", "?x=2&y=3", "?nocache=" + Guid.NewGuid() })
        {
            Assert.Equal(first, await anonymous.GetStringAsync("/agenda.ics" + query));
        }

        // A write through the application evicts the feed: the next reading shows both.
        Assert.Equal(HttpStatusCode.Created, (await moderator.PostAsJsonAsync("/api/v1/events", EventWorld.WeeklyMeeting(null, "Réunion après éviction"))).StatusCode);
        var after = await anonymous.GetStringAsync("/agenda.ics?x=1");
        Assert.Contains("Rendez-vous écrit en douce", after);
        Assert.Contains("Réunion après éviction", after);
    }

    private static Dictionary<string, object?> Meeting() =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(EventWorld.WeeklyMeeting(null)))!;

    private static Dictionary<string, object?> With(Dictionary<string, object?> body, string key, object? value)
    {
        body[key] = value;
        return body;
    }

    /// <summary>The occurrences of the event in 2027, as Ical.Net reads the file: their Paris date and time, and their UTC instant.</summary>
    public static List<(DateOnly Date, TimeOnly Paris, DateTime Utc)> Occurrences(string ics, int id)
    {
        var calendar = Ical.Net.Calendar.Load(ics)!;
        var meeting = calendar.Events.Single(e => e.Uid!.StartsWith($"event-{id}@", StringComparison.Ordinal));
        return [.. meeting.GetOccurrences(new CalDateTime(2027, 1, 1, 0, 0, 0, "Europe/Paris"))
            .TakeWhile(o => o.Period.StartTime.Year < 2028)
            .Select(o =>
            {
                var paris = o.Period.StartTime.ToTimeZone("Europe/Paris");
                return (new DateOnly(paris.Year, paris.Month, paris.Day), new TimeOnly(paris.Hour, paris.Minute), o.Period.StartTime.AsUtc);
            })];
    }
}
