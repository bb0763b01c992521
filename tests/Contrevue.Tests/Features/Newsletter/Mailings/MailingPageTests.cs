using System.Net;
using Contrevue.Features.Newsletter;
using Contrevue.Tests.Features.Events;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Tests.Features.Newsletter.Mailings;

/// <summary>The organisers' pages, as a browser without JavaScript uses them, and the test mail to oneself through the real outbox.</summary>
[Collection(AppsCollection.Name)]
public sealed class MailingPageTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private async Task<AppFactory> AppAsync(DatabaseProvider provider) =>
        new AppFactory((await apps.GetAsync(provider)).Database, MailTestSupport.Settings(smtp.Server.Port), ownsDatabase: false);

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_organiser_composes_previews_tests_schedules_at_a_paris_time_pauses_and_resumes_without_javascript(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        await MailingWorld.OpenCollectiveListAsync(app, member.CollectiveId);
        var list = $"collective:{member.CollectiveId}";
        var subscriber = await MailingWorld.SubscriberAsync(app, SubscriberStatus.Confirmed, "", list);
        var browser = member.Browser;

        // The weekly digest as a starting draft.
        var digest = HtmlText.Visible(await browser.Client.GetStringAsync("/envois/nouveau?depart=hebdomadaire"));
        Assert.Contains("Lettre hebdomadaire — semaine du", digest);

        var form = await browser.Client.GetStringAsync("/envois/nouveau");
        Assert.True(form.Contains("__RequestVerificationToken", StringComparison.Ordinal), form);
        // Bad input: the form again, French, 400.
        var refused = await browser.SubmitAsync("/envois/nouveau", new Dictionary<string, string>
        {
            ["Form.Subject"] = "", ["Form.Markdown"] = new string('a', 60_000), ["Form.Lists"] = list,
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = HtmlText.Visible(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez l'objet de la lettre.", refusedPage);
        Assert.Contains("Le texte de la lettre compte au plus", refusedPage);

        var created = await browser.SubmitAsync("/envois/nouveau", new Dictionary<string, string>
        {
            ["Form.Subject"] = "Réunion publique jeudi",
            ["Form.Markdown"] = "## Jeudi 18 h\n\nRendez-vous à la **salle des fêtes**. <img src=x onerror=alert(1)> [Le tract](https://example.org/tract.pdf)",
            ["Form.Lists"] = list,
            ["Form.Topics"] = "events",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        Assert.Matches("^/envois/[0-9]+$", page);
        var id = int.Parse(page["/envois/".Length..], System.Globalization.CultureInfo.InvariantCulture);

        // The preview: the sanitised HTML inside the page.
        var draftHtml = await browser.Client.GetStringAsync(page);
        Assert.Contains("<strong>salle des fêtes</strong>", draftHtml);
        Assert.DoesNotContain("<img src=x", draftHtml);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", draftHtml);
        Assert.Contains("Brouillon", HtmlText.Visible(draftHtml));

        // The test mail reaches the organiser's own address.
        var tested = await browser.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Test");
        Assert.Equal(HttpStatusCode.Redirect, tested.StatusCode);
        var message = Assert.Single(await smtp.Server.WaitForAsync(member.Email));
        Assert.Equal("[Test] Réunion publique jeudi", message.Subject);
        Assert.Contains("<strong>salle des fêtes</strong>", message.HtmlBody);
        Assert.Contains("<html lang=\"fr\">", message.HtmlBody);
        Assert.Contains("Le tract (https://example.org/tract.pdf)", message.TextBody);
        Assert.Empty(await MailingWorld.DeliveriesAsync(app, id));

        // Scheduled for 10 December 2026 at 09:00 in Paris (08:00 UTC), through the form.
        var scheduled = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Quand"] = "date", ["Date"] = "2026-12-10T09:00" }, $"{page}?handler=Schedule");
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        var mailing = await MailingWorld.ReadAsync(app, db => db.Set<Mailing>().AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(MailingStatus.Scheduled, mailing.Status);
        Assert.Equal(new DateTime(2026, 12, 10, 8, 0, 0, DateTimeKind.Utc), mailing.SendAt);
        Assert.Equal(new[] { subscriber }, (await MailingWorld.DeliveriesAsync(app, id)).Select(d => d.SubscriberId));
        Assert.Contains("10/12/2026 09:00", HtmlText.Visible(await browser.Client.GetStringAsync(page)));

        var paused = await browser.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Pause");
        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Contains("En pause", HtmlText.Visible(await browser.Client.GetStringAsync(page)));
        var resumed = await browser.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Resume");
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal(MailingStatus.Scheduled, (await MailingWorld.ReadAsync(app, db => db.Set<Mailing>().AsNoTracking().SingleAsync(m => m.Id == id))).Status);

        // The list of the organiser's mailings.
        var index = HtmlText.Visible(await browser.Client.GetStringAsync("/envois"));
        Assert.Contains("Réunion publique jeudi", index);
        Assert.Contains("Programmée", index);

        // Another organiser does not see it.
        var stranger = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Browser.Client.GetAsync(page)).StatusCode);
        Assert.DoesNotContain("Réunion publique jeudi", HtmlText.Visible(await stranger.Browser.Client.GetStringAsync("/envois")));
    }
}
