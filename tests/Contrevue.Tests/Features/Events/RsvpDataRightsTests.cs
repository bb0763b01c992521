using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Events.Rsvps;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Events;

/// <summary>Participations on /mes-donnees: the address's owner sees each event, its date and the participation's state, and erases them.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class RsvpDataRightsTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_data_rights_link_lists_an_address_participations_and_erases_them_not_anyone_elses(DatabaseProvider provider)
    {
        var settings = MailTestSupport.Settings(smtp.Server.Port);
        settings["Abuse:UnverifiedPerMinute"] = "50";
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var day = TimeProvider.System.GetUtcNow().AddDays(30);
        var debate = await CreateAsync(member.Api, member.CollectiveId, "Débat sur la VSA à Firminy", day, approval: false);
        var meeting = await CreateAsync(member.Api, member.CollectiveId, "Réunion sur inscription validée", day.AddDays(1), approval: true);
        var visitor = app.CreateBrowserlessClient();
        var email = MailTestSupport.NewRecipient("participante");
        var someoneElse = MailTestSupport.NewRecipient("autre");

        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync($"/api/v1/events/{debate}/rsvps", new { email = email.ToUpperInvariant() })).StatusCode);
        var link = new Uri(ConfirmLink().Match((await smtp.Server.WaitForAsync(email)).Single().TextBody ?? "").Value).PathAndQuery;
        await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(link, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync($"/api/v1/events/{meeting}/rsvps", new { email })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync($"/api/v1/events/{debate}/rsvps", new { email = someoneElse })).StatusCode);
        await smtp.Server.WaitForAsync(email, 3);

        // The existing verification: a link by e-mail to the address.
        var session = new FormSession(app.CreateBrowserlessClient());
        await session.SubmitAsync("/mes-donnees", new Dictionary<string, string> { ["Email"] = email });
        var mail = (await smtp.Server.WaitForAsync(email, 4)).Single(m => m.Subject == "Contrevue : vos données");
        var page = new Uri(DataRightsLink().Match(mail.TextBody ?? "").Value).PathAndQuery;
        var browser = new FormSession(app.CreateBrowserlessClient());
        var listed = HtmlText.Visible(await browser.Client.GetStringAsync(page));
        Assert.Contains("Participation à un rendez-vous", listed);
        Assert.Contains("Débat sur la VSA à Firminy", listed);
        Assert.Contains("Réunion sur inscription validée", listed);
        Assert.Contains(DateOnly.FromDateTime(Paris(day)).ToString("d", CultureInfo.GetCultureInfo("fr-FR")), listed);
        Assert.Contains("confirmée", listed);
        Assert.Contains("en attente de votre confirmation", listed);

        var erased = await browser.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.DoesNotContain("Débat sur la VSA à Firminy", HtmlText.Visible(await browser.Client.GetStringAsync(erased.Headers.Location!.OriginalString)));
        await using var scope = app.Services.CreateAsyncScope();
        var rsvps = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<EventRsvp>();
        Assert.False(await rsvps.AnyAsync(r => r.Email == email));
        Assert.True(await rsvps.AnyAsync(r => r.Email == someoneElse && r.EventId == debate));
    }

    private static DateTime Paris(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Contrevue.Infrastructure.Time.ParisCalendar.Zone).DateTime;

    private static async Task<int> CreateAsync(HttpClient api, int collectiveId, string title, DateTimeOffset when, bool approval)
    {
        var day = Paris(when).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var created = await api.PostAsJsonAsync("/api/v1/events", new
        {
            title, kind = "debate", collective = collectiveId, start = $"{day}T18:30", end = $"{day}T20:00", approval,
            place = new { address = "Salle des fêtes", territory = "42095" },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
    }

    [GeneratedRegex(@"https?://\S+/agenda/participer\?jeton=[0-9a-f]+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex(@"https?://\S+/mes-donnees/\S+")]
    private static partial Regex DataRightsLink();
}
