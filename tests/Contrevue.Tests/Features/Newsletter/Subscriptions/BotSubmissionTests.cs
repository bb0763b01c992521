using System.Net;
using System.Net.Http.Json;
using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Tests.Infrastructure.Mail;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary>
/// The bot subscribing a victim: the same address sent 50 times at once, through the API and the form, gives the
/// victim exactly one e-mail at the SMTP server — and the day after, one more at most, whatever is sent.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class BotSubmissionTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Fifty_concurrent_submissions_of_one_address_send_exactly_one_email(DatabaseProvider provider)
    {
        var database = (await apps.GetAsync(provider)).Database;
        var settings = SubscriptionWorld.Settings(MailTestSupport.Settings(smtp.Server.Port));
        if (provider == DatabaseProvider.Postgres)
        {
            // The test server's 100 connections are shared by every test running alongside: fifty requests wait
            // for this app's pooled connections, as they would for a production pool, rather than open fifty more.
            settings["ConnectionStrings:Default"] = database.ConnectionString + ";Maximum Pool Size=20";
        }
        await using var app = new AppFactory(database, settings, ownsDatabase: false);
        var victim = MailTestSupport.NewRecipient("victime");
        var witness = MailTestSupport.NewRecipient("temoin");

        // Twenty-five form sessions hold their antiforgery tokens before anything is sent, so that all fifty go at once.
        var forms = new List<(HttpClient Client, Dictionary<string, string> Fields)>();
        for (var i = 0; i < 25; i++)
        {
            var client = app.CreateBrowserlessClient();
            var page = await client.GetStringAsync("/lettre");
            var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
            Assert.NotEmpty(token);
            forms.Add((client, new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Email"] = i % 2 == 0 ? victim : victim.ToUpperInvariant(),
                ["National"] = "true",
                ["Departement"] = i % 3 == 0 ? "42" : "",
                ["Topics"] = "campaign",
            }));
        }
        using var start = new SemaphoreSlim(0);
        var api = Enumerable.Range(0, 25).Select(async i =>
        {
            await start.WaitAsync();
            return await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/newsletter/subscriptions",
                new { email = i % 2 == 0 ? victim : $"  {victim.ToUpperInvariant()} ", lists = new[] { "national", "departement:42" } });
        });
        var posted = forms.Select(async form =>
        {
            await start.WaitAsync();
            return await form.Client.PostAsync("/lettre", new FormUrlEncodedContent(form.Fields));
        });
        var all = api.Concat(posted).ToList();
        start.Release(50);
        var responses = await Task.WhenAll(all);

        Assert.True(responses.All(r => (int)r.StatusCode < 500), string.Join("\n", app.Logs.Lines.Where(l => l.Contains("xception", StringComparison.Ordinal)).Take(3)));
        Assert.All(responses.Take(25), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.All(responses.Skip(25), r => Assert.Equal("/lettre?envoye=true", r.Headers.Location?.OriginalString));
        // A message queued after the fifty is delivered after them: once it arrived, theirs would have.
        await SubscriptionWorld.SubscribeAsync(app.CreateBrowserlessClient(), witness, ["national"]);
        await smtp.Server.WaitForAsync(witness);
        var received = Assert.Single(smtp.Server.MessagesTo(victim));
        Assert.Equal(SubscriptionMails.ConfirmationSubject, received.Subject);
        Assert.Single(await SubscriptionWorld.OutboxTextsAsync(app, victim));
        var subscriber = (await SubscriptionWorld.SubscriberAsync(app, victim))!;
        Assert.Equal(SubscriberStatus.Unconfirmed, subscriber.Status);
        Assert.Single(await SubscriptionWorld.ConsentsAsync(app, subscriber.Id));

        // The next day the bot may cause one more confirmation, never two.
        await SubscriptionWorld.ADayLaterAsync(app, victim);
        var again = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = victim, lists = new[] { "national" } })));
        Assert.All(again, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(2, (await SubscriptionWorld.OutboxTextsAsync(app, victim)).Count);
        await smtp.Server.WaitForAsync(victim, 2);
        Assert.Equal(2, smtp.Server.MessagesTo(victim).Count);
    }
}
