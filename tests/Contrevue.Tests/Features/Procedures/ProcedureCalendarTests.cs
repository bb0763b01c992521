using Contrevue.Infrastructure.Security;
using System.Net;
using Contrevue.Features.Accounts;
using Contrevue.Features.Collectives;
using Contrevue.Features.Procedures;
using Contrevue.Features.Collectives.Calendar;
using Contrevue.Features.Procedures.Calendar;
using Contrevue.Features.Procedures.Deadlines;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Procedures;

/// <summary>Reminders 7 and 2 days before each last day to act (fake clock, loopback SMTP), and the deadlines as iCalendar.</summary>
[Collection(AppsCollection.Name)]
public sealed class ProcedureCalendarTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const string Site = "http://contrevue.test";

    private sealed record Setup(int CollectiveId, int ProcedureId, string FirstEmail, string SecondEmail, string FirstToken, DateOnly Deadline, IReadOnlyList<DeadlineStep> Steps);

    /// <summary>A collective of two members and a CADA request sent a month ago: its referral deadline is two months ahead.</summary>
    private static async Task<Setup> SetUpAsync(AppFactory app, string departement = "42")
    {
        var (first, firstToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (second, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var collective = new Collective { Name = $"Collectif {Guid.NewGuid():N}", CreatedAt = now };
        collective.Members.Add(new CollectiveMember { UserId = first.Id, JoinedAt = now });
        collective.Members.Add(new CollectiveMember { UserId = second.Id, JoinedAt = now });
        db.Add(collective);
        await db.SaveChangesAsync();
        var start = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).AddMonths(-1);
        var procedure = new Procedure
        {
            CollectiveId = collective.Id, Kind = "cada-request", Title = "Demande CADA : marché de VSA", AuthorityName = "Ville de Saint-Étienne",
            DepartementCode = departement, StartOn = start, Status = ProcedureStatus.Running, CreatedAt = now, UpdatedAt = now, CreatedByUserId = first.Id,
        };
        db.Add(procedure);
        await db.SaveChangesAsync();
        var steps = DeadlineCalculator.Compute("cada-request", start, departement);
        var deadline = steps.Single(s => s.Type == DeadlineStepType.LastDayToAct).Date;
        return new Setup(collective.Id, procedure.Id, first.Email!, second.Email!, firstToken, deadline, steps);
    }

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static async Task<int> SendAsync(AppFactory app, DateOnly day)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProcedureReminders>().SendDueAsync(Noon(day), Site, CancellationToken.None);
    }

    private static async Task<int> OutboxCountAsync(AppFactory app, string recipient)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>().OutboxMessages.CountAsync(m => m.Recipient == recipient);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Members_are_reminded_7_and_2_days_before_once_each_even_with_two_instances(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var one = new AppFactory(shared.Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);
        await using var two = new AppFactory(shared.Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);
        var setup = await SetUpAsync(one);

        await SendAsync(one, setup.Deadline.AddDays(-8));
        Assert.Equal(0, await OutboxCountAsync(one, setup.FirstEmail));

        // Both instances run their pass at the same moment: one claim wins, the reminder leaves once.
        await Task.WhenAll(SendAsync(one, setup.Deadline.AddDays(-7)), SendAsync(two, setup.Deadline.AddDays(-7)));
        var week = Assert.Single(await smtp.Server.WaitForAsync(setup.FirstEmail));
        Assert.Contains("dans 7 jours", week.Subject);
        Assert.Contains("Demande CADA : marché de VSA", week.Subject);
        Assert.Contains($"{Site}/procedures/{setup.ProcedureId}", week.TextBody);
        Assert.Single(await smtp.Server.WaitForAsync(setup.SecondEmail));

        await SendAsync(two, setup.Deadline.AddDays(-6));
        await SendAsync(one, setup.Deadline.AddDays(-3));
        Assert.Equal(1, await OutboxCountAsync(one, setup.FirstEmail));

        await Task.WhenAll(SendAsync(one, setup.Deadline.AddDays(-2)), SendAsync(two, setup.Deadline.AddDays(-2)));
        var both = await smtp.Server.WaitForAsync(setup.FirstEmail, 2);
        Assert.Contains(both, m => (m.Subject ?? "").Contains("dans 2 jours", StringComparison.Ordinal));
        await SendAsync(one, setup.Deadline.AddDays(-1));
        await SendAsync(two, setup.Deadline);
        await SendAsync(one, setup.Deadline.AddDays(1));
        Assert.Equal(2, await OutboxCountAsync(one, setup.FirstEmail));
        Assert.Equal(2, await OutboxCountAsync(one, setup.SecondEmail));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_deadlines_are_valid_iCalendar_all_day_events_for_members_only(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var setup = await SetUpAsync(app);
        var member = TestAccounts.ClientWithToken(app, setup.FirstToken);

        var file = await member.GetAsync($"/procedures/{setup.ProcedureId}/delais.ics");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/calendar", file.Content.Headers.ContentType?.MediaType);
        var calendar = Ical.Net.Calendar.Load(await file.Content.ReadAsStringAsync())!;
        Assert.Equal(setup.Steps.Count, calendar.Events.Count);
        foreach (var step in setup.Steps)
        {
            var vevent = Assert.Single(calendar.Events, e => e.Uid == $"procedure-{setup.ProcedureId}-{step.Key}@contrevue");
            Assert.False(vevent.DtStart!.HasTime);
            Assert.Equal(step.Date, vevent.DtStart.Date);
            Assert.Equal(step.Date.AddDays(1), vevent.DtEnd!.Date);
            Assert.Contains(step.Label, vevent.Summary);
            Assert.Contains(step.LegalBasis, vevent.Description);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlessClient().GetAsync($"/procedures/{setup.ProcedureId}/delais.ics")).StatusCode);
        var (_, strangerToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        Assert.Equal(HttpStatusCode.NotFound, (await TestAccounts.ClientWithToken(app, strangerToken).GetAsync($"/procedures/{setup.ProcedureId}/delais.ics")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_collective_feed_lives_at_a_secret_address_until_it_is_revoked(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var setup = await SetUpAsync(app);
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<CollectiveCalendar>().RenewAsync(setup.CollectiveId, "test", CancellationToken.None);
        }
        var anonymous = app.CreateBrowserlessClient();

        var feed = await anonymous.GetAsync(CollectiveCalendar.PathOf(token));
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var calendar = Ical.Net.Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        var deadline = Assert.Single(calendar.Events, e => e.Summary!.StartsWith("Dernier jour", StringComparison.Ordinal));
        Assert.Equal(setup.Deadline, deadline.DtStart!.Date);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/calendriers/pas-un-jeton.ics")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CollectiveCalendar>().RevokeAsync(setup.CollectiveId, "test", CancellationToken.None);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(CollectiveCalendar.PathOf(token))).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_dashboard_lists_the_coming_deadlines_of_my_collectives(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        await using var app = new AppFactory(shared.Database, ownsDatabase: false);
        var setup = await SetUpAsync(app);
        // Pages authenticate by cookie, not by API token: sign in through the form.
        var session = await SignInAsync(app, setup.FirstEmail);

        var page = HtmlText.Visible(await session.Client.GetStringAsync("/procedures/echeances"));
        Assert.Contains("Demande CADA : marché de VSA", page);
        Assert.Contains(setup.Deadline.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")), page);
    }

    private static async Task<FormSession> SignInAsync(AppFactory app, string email)
    {
        var session = new FormSession(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signedIn = await session.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return session;
    }
}
