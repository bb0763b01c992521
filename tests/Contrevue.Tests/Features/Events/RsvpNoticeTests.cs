using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Events.Rsvps;
using Contrevue.Infrastructure.Mail;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Events;

[Collection(AppsCollection.Name)]
public sealed partial class RsvpNoticeTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Participants_are_told_of_changes_and_cancellation_and_reminded_the_day_before_each_occurrence(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "50" };
        await using var factory = new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var member = await Procedures.ProcedureWorld.MemberAsync(factory, await Procedures.ProcedureWorld.CreateCollectiveAsync(factory), signIn: false);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = member.Api.DefaultRequestHeaders.Authorization;
        object Meeting(string title) => new
        {
            title, kind = "inter-collective-meeting", collective = member.CollectiveId, start = "2027-03-10T18:30", end = "2027-03-10T20:00",
            recurrence = "FREQ=WEEKLY;BYDAY=WE", online = true, onlineUrl = "https://visio.example.org/salle-rappel", territory = "departement:42",
        };
        var created = await api.PostAsJsonAsync("/api/v1/events", Meeting("Réunion hebdomadaire"));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var email = MailTestSupport.NewRecipient("rappel");
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync($"/api/v1/events/{id}/rsvps", new { email })).StatusCode);
        var link = new Uri(Link().Match((await MailsAsync(app, email)).Single().TextBody).Value).PathAndQuery;
        await new FormSession(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })).SubmitAsync(link, new Dictionary<string, string>());
        Assert.Contains(await MailsAsync(app, email), m => m.Subject.StartsWith("Contrevue : votre participation", StringComparison.Ordinal) && m.TextBody.Contains("salle-rappel", StringComparison.Ordinal));
        var reminder = app.Services.GetRequiredService<RsvpReminder>();

        // 30 hours before the first Wednesday: not yet; 23 hours before: one reminder, however often the job runs.
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 11, 30, 0, TimeSpan.Zero));
        await reminder.RemindDueAsync(default);
        Assert.Equal(0, await RemindersAsync(app, email, "10 mars 2027"));
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 18, 30, 0, TimeSpan.Zero));
        await reminder.RemindDueAsync(default);
        await reminder.RemindDueAsync(default);
        Assert.Equal(1, await RemindersAsync(app, email, "10 mars 2027"));
        // The next Wednesday: another one.
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 16, 18, 30, 0, TimeSpan.Zero));
        await reminder.RemindDueAsync(default);
        Assert.Equal(1, await RemindersAsync(app, email, "17 mars 2027"));

        // A change, then the cancellation: each told to the participant.
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/events/{id}", Meeting("Réunion hebdomadaire (nouvel horaire)"))).StatusCode);
        Assert.Equal(1, await CountAsync(app, email, "a changé"));
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/events/{id}/cancel", null)).StatusCode);
        Assert.Equal(1, await CountAsync(app, email, "est annulé"));
        // Cancelled: no more reminders.
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 23, 18, 30, 0, TimeSpan.Zero));
        await reminder.RemindDueAsync(default);
        Assert.Equal(0, await RemindersAsync(app, email, "24 mars 2027"));
    }

    /// <summary>
    /// Reminders of one occurrence. Counted by date, not in all: the other tests' applications share the database and
    /// run their own reminder job on their own fake clocks, which may remind this participant of another Wednesday.
    /// </summary>
    private static async Task<int> RemindersAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email, string date) =>
        (await MailsAsync(app, email)).Count(m => m.Subject.Contains("rappel", StringComparison.Ordinal) && m.TextBody.Contains(date, StringComparison.Ordinal));

    private static async Task<List<OutboxMessage>> MailsAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<OutboxMessage>().AsNoTracking().Where(m => m.Recipient == email).OrderBy(m => m.Id).ToListAsync();
    }

    private static async Task<int> CountAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email, string subject) =>
        (await MailsAsync(app, email)).Count(m => m.Subject.Contains(subject, StringComparison.Ordinal));

    [GeneratedRegex(@"https?://\S+/agenda/participer\?jeton=[0-9a-f]+")]
    private static partial Regex Link();
}
