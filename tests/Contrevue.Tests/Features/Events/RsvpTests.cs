using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Events.Rsvps;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Events;

[Collection(AppsCollection.Name)]
public sealed partial class RsvpTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const string Secret = "salle-secrete-7f3a";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_online_link_reaches_only_an_approved_participant_by_mail_within_the_capacity(DatabaseProvider provider)
    {
        var settings = MailTestSupport.Settings(smtp.Server.Port);
        settings["Abuse:UnverifiedPerMinute"] = "50";
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var bob = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var day = TimeProvider.System.GetUtcNow().AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var created = await alice.Api.PostAsJsonAsync("/api/v1/events", new
        {
            title = "Réunion inter-collectifs", kind = "inter-collective-meeting", collective = alice.CollectiveId,
            start = $"{day}T18:30", end = $"{day}T20:00", online = true, onlineUrl = $"https://visio.example.org/{Secret}",
            territory = "departement:42", approval = true, capacity = 1,
        });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var visitor = app.CreateBrowserlessClient();
        var first = MailTestSupport.NewRecipient("participante");
        var second = MailTestSupport.NewRecipient("participant");

        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync($"/api/v1/events/{id}/rsvps", new { name = "Camille", email = first })).StatusCode);
        var confirmation = Assert.Single(await smtp.Server.WaitForAsync(first));
        Assert.DoesNotContain(Secret, confirmation.TextBody + confirmation.HtmlBody);
        var link = new Uri(Link().Match(confirmation.TextBody ?? "").Value).PathAndQuery;

        // Following the link (as a mail scanner does) confirms nothing.
        Assert.Contains("Je confirme ma participation", await visitor.GetStringAsync(link));
        Assert.Empty(await ParticipantsAsync(alice.Api, id));
        var session = new FormSession(app.CreateBrowserlessClient());
        var confirmed = await session.SubmitAsync(link, new Dictionary<string, string>());
        Assert.Contains("Les organisateurs valident chaque participation", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
        var awaiting = (await smtp.Server.WaitForAsync(first, 2)).Single(m => m.Subject!.Contains("demande de participation", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, awaiting.TextBody + awaiting.HtmlBody);

        // The participants: the organisers only.
        var participants = await ParticipantsAsync(alice.Api, id);
        var camille = Assert.Single(participants);
        Assert.Equal("awaiting-approval", camille.GetProperty("status").GetString());
        Assert.Equal(first, camille.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Api.GetAsync($"/api/v1/events/{id}/rsvps")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync($"/api/v1/events/{id}/rsvps")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Api.PostAsync($"/api/v1/events/{id}/rsvps/{camille.GetProperty("id").GetInt32()}/approve", null)).StatusCode);

        // Approved: the link comes, in that e-mail only.
        Assert.Equal(HttpStatusCode.OK, (await alice.Api.PostAsync($"/api/v1/events/{id}/rsvps/{camille.GetProperty("id").GetInt32()}/approve", null)).StatusCode);
        var welcome = (await smtp.Server.WaitForAsync(first, 3)).Single(m => m.Subject!.StartsWith("Contrevue : votre participation", StringComparison.Ordinal));
        Assert.Contains(Secret, welcome.TextBody);

        // A second participant confirms, but the capacity (1) is reached: no approval, no link.
        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync($"/api/v1/events/{id}/rsvps", new { email = second })).StatusCode);
        var secondLink = new Uri(Link().Match((await smtp.Server.WaitForAsync(second)).Single().TextBody ?? "").Value).PathAndQuery;
        await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(secondLink, new Dictionary<string, string>());
        await smtp.Server.WaitForAsync(second, 2);
        var other = (await ParticipantsAsync(alice.Api, id)).Single(p => p.GetProperty("email").GetString() == second);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.Api.PostAsync($"/api/v1/events/{id}/rsvps/{other.GetProperty("id").GetInt32()}/approve", null)).StatusCode);
        // The same through the organisers' page: listed there, refused as full; others cannot see it.
        var list = HtmlText.Visible(await alice.Browser.Client.GetStringAsync($"/agenda/{id}/participants"));
        Assert.Contains(first, list);
        Assert.Contains(second, list);
        var full = await alice.Browser.SubmitAsync($"/agenda/{id}/participants", new Dictionary<string, string> { ["participant"] = other.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/agenda/{id}/participants?handler=Approve");
        Assert.EndsWith("?complet=true", full.Headers.Location!.OriginalString);
        var bobList = await bob.Browser.Client.GetAsync($"/agenda/{id}/participants");
        Assert.Equal(HttpStatusCode.Redirect, bobList.StatusCode);
        Assert.DoesNotContain(first, await bobList.Content.ReadAsStringAsync());
        Assert.All(smtp.Server.MessagesTo(second), m => Assert.DoesNotContain(Secret, m.TextBody + m.HtmlBody));

        // Bad input: French 400s.
        var bad = await visitor.PostAsJsonAsync($"/api/v1/events/{id}/rsvps", new { email = "pas-une-adresse" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("adresse électronique valide", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.PostAsJsonAsync("/api/v1/events/999999/rsvps", new { email = first })).StatusCode);

        // The same from the event's page, without JavaScript: a plain form, then the e-mail.
        var url = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
        var third = MailTestSupport.NewRecipient("formulaire");
        var page = new FormSession(app.CreateBrowserlessClient());
        Assert.Contains($"href=\"{new Uri(url).AbsolutePath}/participer\"", await page.Client.GetStringAsync(url));
        var form = url + "/participer";
        var refused = await page.SubmitAsync(form, new Dictionary<string, string> { ["Email"] = "pas-une-adresse" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Indiquez une adresse électronique valide", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        var sent = await page.SubmitAsync(form, new Dictionary<string, string> { ["Name"] = "Dominique", ["Email"] = third });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("Un lien de confirmation vient d'être envoyé", HtmlText.Visible(await page.Client.GetStringAsync(sent.Headers.Location!.OriginalString)));
        Assert.DoesNotContain(Secret, (await smtp.Server.WaitForAsync(third)).Single().TextBody);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Participations_are_erased_thirty_days_after_the_event(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var settings = new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "50" };
        await using var factory = new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        var member = await Procedures.ProcedureWorld.MemberAsync(factory, await Procedures.ProcedureWorld.CreateCollectiveAsync(factory), signIn: false);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = member.Api.DefaultRequestHeaders.Authorization;
        var created = await api.PostAsJsonAsync("/api/v1/events", new
        {
            title = "Débat", kind = "debate", collective = member.CollectiveId, start = "2027-03-10T18:30", end = "2027-03-10T20:00",
            place = new { address = "Bourse du travail", territory = "42218" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var email = MailTestSupport.NewRecipient("efface");
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync($"/api/v1/events/{id}/rsvps", new { email })).StatusCode);
        var eraser = app.Services.GetRequiredService<RsvpEraser>();

        // The event ends on 10 March at 20:00 Paris (19:00 UTC): kept until 9 April 19:00 UTC.
        clock.SetUtcNow(new DateTimeOffset(2027, 4, 9, 18, 0, 0, TimeSpan.Zero));
        var early = await eraser.EraseDueAsync(default);
        Assert.True(await HasAsync(app, email), $"erased {early}");
        clock.SetUtcNow(new DateTimeOffset(2027, 4, 9, 19, 30, 0, TimeSpan.Zero));
        // The hourly job may have run as the clock moved: erased by it or by this call.
        await eraser.EraseDueAsync(default);
        Assert.False(await HasAsync(app, email));
    }

    private static async Task<bool> HasAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email)
    {
        using var scope = app.Services.CreateScope();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<EventRsvp>(), r => r.Email == email);
    }

    private static async Task<List<JsonElement>> ParticipantsAsync(HttpClient api, int id) =>
        [.. JsonDocument.Parse(await api.GetStringAsync($"/api/v1/events/{id}/rsvps")).RootElement.EnumerateArray()];

    [GeneratedRegex(@"https?://\S+/agenda/participer\?jeton=[0-9a-f]+")]
    private static partial Regex Link();
}
