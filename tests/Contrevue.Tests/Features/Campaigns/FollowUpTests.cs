using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Mail;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>
/// The follow-up e-mails, on a fake clock moved day by day, through a real SMTP server on loopback:
/// days 14 and 28, never more, stopped by one click or by an answer, and the address erased after.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed partial class FollowUpTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const string Api = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville";
    private const string Site = "http://contrevue.test";

    private sealed class Scenario(AppFactory app, FakeTimeProvider clock) : IAsyncDisposable
    {
        public AppFactory App { get; } = app;
        public FakeTimeProvider Clock { get; } = clock;

        /// <summary>Moves the fake clock to <paramref name="days"/> after the start and runs the follow-up pass, as the hourly worker would.</summary>
        public async Task DayAsync(int days)
        {
            Clock.SetUtcNow(Start.AddDays(days));
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FollowUps>().SendDueAsync(Clock.GetUtcNow(), Site, CancellationToken.None);
        }

        public DateTimeOffset Start { get; } = clock.GetUtcNow();

        public async Task<int> OutboxCountAsync(string recipient)
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>().OutboxMessages.CountAsync(m => m.Recipient == recipient);
        }

        public async Task<CampaignRequest> RequestAsync(int id)
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>().Set<CampaignRequest>().AsNoTracking().SingleAsync(r => r.Id == id);
        }

        public async Task<int> SendAsync(string territory, string email, string? publicName = null)
        {
            var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd");
            var response = await App.CreateBrowserlessClient().PostAsJsonAsync($"{Api}/requests", new { territory, sentOn = today, channel = "email", contactEmail = email, publicName });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private async Task<Scenario> StartAsync(DatabaseProvider provider)
    {
        var shared = await apps.GetAsync(provider);
        return new Scenario(new AppFactory(shared.Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false), new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
    }

    private static string Link(MimeKit.MimeMessage message, string choice)
    {
        var match = Regex.Match(message.TextBody ?? "", $@"{Regex.Escape(Site)}(/campagnes/suivi/[A-Za-z0-9_%\-]+\?choix={choice})");
        Assert.True(match.Success, $"no « {choice} » link in: {message.TextBody}");
        return match.Groups[1].Value;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Follow_ups_arrive_on_days_14_and_28_only_then_the_address_is_gone(DatabaseProvider provider)
    {
        await using var scenario = await StartAsync(provider);
        var sender = MailTestSupport.NewRecipient("expeditrice");
        var id = await scenario.SendAsync("49007", sender);

        await scenario.DayAsync(13);
        Assert.Equal(0, await scenario.OutboxCountAsync(sender));

        await scenario.DayAsync(14);
        var first = Assert.Single(await smtp.Server.WaitForAsync(sender));
        Assert.Equal("Contrevue : la mairie d'Angers a-t-elle répondu ?", first.Subject);
        Assert.Contains("Un clic suffit, sans compte", first.TextBody);
        Link(first, "committed");
        Link(first, "stop");
        Assert.Equal(sender, (await scenario.RequestAsync(id)).ContactEmail);

        await scenario.DayAsync(14);
        await scenario.DayAsync(20);
        Assert.Equal(1, await scenario.OutboxCountAsync(sender));

        await scenario.DayAsync(28);
        var both = await smtp.Server.WaitForAsync(sender, 2);
        Assert.Equal(2, both.Count);
        Assert.Contains(both, m => (m.TextBody ?? "").Contains("votre adresse est maintenant effacée", StringComparison.Ordinal));
        var request = await scenario.RequestAsync(id);
        Assert.Null(request.ContactEmail);
        Assert.Equal(FollowUpEnd.Completed, request.FollowUpEnd);
        Assert.Equal(2, request.FollowUpsSent);

        await scenario.DayAsync(45);
        Assert.Equal(2, await scenario.OutboxCountAsync(sender));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task One_click_stops_the_follow_ups_and_erases_the_address(DatabaseProvider provider)
    {
        await using var scenario = await StartAsync(provider);
        var sender = MailTestSupport.NewRecipient("stop");
        var id = await scenario.SendAsync("76540", sender);
        await scenario.DayAsync(14);
        var stop = Link(Assert.Single(await smtp.Server.WaitForAsync(sender)), "stop");

        // Opening the link (as a mail scanner would) changes nothing; the button does.
        var browser = new FormSession(scenario.App.CreateClient());
        var page = await browser.Client.GetStringAsync(stop);
        Assert.Contains("Rouen", page);
        Assert.Equal(sender, (await scenario.RequestAsync(id)).ContactEmail);
        var stopped = await browser.SubmitAsync(stop, new Dictionary<string, string> { ["choix"] = "stop" });
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Contains("vous ne recevrez plus de relance", HtmlText.Visible(await stopped.Content.ReadAsStringAsync()));

        var request = await scenario.RequestAsync(id);
        Assert.Null(request.ContactEmail);
        Assert.Equal(FollowUpEnd.Stopped, request.FollowUpEnd);
        await scenario.DayAsync(28);
        Assert.Equal(1, await scenario.OutboxCountAsync(sender));
        Assert.Contains("Les relances sont arrêtées", HtmlText.Visible(await browser.Client.GetStringAsync(stop)));

        Assert.Equal(HttpStatusCode.NotFound, (await browser.Client.GetAsync("/campagnes/suivi/lien-forge")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_answer_ends_the_follow_ups_of_everyone_who_wrote(DatabaseProvider provider)
    {
        await using var scenario = await StartAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(scenario.App, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(scenario.App, token);
        var first = MailTestSupport.NewRecipient("premier");
        var second = MailTestSupport.NewRecipient("seconde");
        var firstId = await scenario.SendAsync("34172", first, "Camille");
        var secondId = await scenario.SendAsync("34172", second);
        await scenario.DayAsync(14);
        var committed = Link(Assert.Single(await smtp.Server.WaitForAsync(first)), "committed");

        // The first sender answers from the e-mail: a proposal for moderation, and no more e-mails for them.
        var browser = new FormSession(scenario.App.CreateClient());
        Assert.Contains("checked", await browser.Client.GetStringAsync(committed));
        var answered = await browser.SubmitAsync(committed, new Dictionary<string, string>
        {
            ["choix"] = "committed",
            ["Quote"] = "Le conseil municipal s'engage à ne pas déployer de vidéosurveillance algorithmique.",
        });
        Assert.Contains("transmise à l'équipe de modération", HtmlText.Visible(await answered.Content.ReadAsStringAsync()));
        Assert.Equal(FollowUpEnd.Answered, (await scenario.RequestAsync(firstId)).FollowUpEnd);
        Assert.Null((await scenario.RequestAsync(firstId)).ContactEmail);
        Assert.Equal(second, (await scenario.RequestAsync(secondId)).ContactEmail);

        // A moderator publishes it: the other sender's follow-up ends too.
        using var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/queue"));
        var proposal = queue.RootElement.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == CampaignResponseWriter.ProposalKind
            && p.GetProperty("territory").GetString() == "commune:34172");
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"/api/v1/moderation/{proposal.GetProperty("id").GetInt32()}/approve", new { })).StatusCode);
        var secondRequest = await scenario.RequestAsync(secondId);
        Assert.Null(secondRequest.ContactEmail);
        Assert.Equal(FollowUpEnd.Answered, secondRequest.FollowUpEnd);

        await scenario.DayAsync(28);
        Assert.Equal(1, await scenario.OutboxCountAsync(first));
        Assert.Equal(1, await scenario.OutboxCountAsync(second));
        using var status = JsonDocument.Parse(await scenario.App.CreateBrowserlessClient().GetStringAsync($"{Api}/territories/34172"));
        Assert.Equal("committed", status.RootElement.GetProperty("status").GetString());
        Assert.Equal("Camille", status.RootElement.GetProperty("responses")[0].GetProperty("reportedBy").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_address_never_outlives_ninety_days(DatabaseProvider provider)
    {
        await using var scenario = await StartAsync(provider);
        var sender = MailTestSupport.NewRecipient("oubli");
        var id = await scenario.SendAsync("35238", sender);

        await scenario.DayAsync(91);

        var request = await scenario.RequestAsync(id);
        Assert.Null(request.ContactEmail);
        Assert.Equal(FollowUpEnd.Expired, request.FollowUpEnd);
        Assert.Equal(0, await scenario.OutboxCountAsync(sender));
    }
}
