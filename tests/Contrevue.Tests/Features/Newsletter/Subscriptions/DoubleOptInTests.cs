using System.Net;
using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Tests.Infrastructure.Mail;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary>/lettre filled without JavaScript, the e-mail delivered to a loopback SMTP server, the button page, the preferences and the consent log.</summary>
[Collection(AppsCollection.Name)]
public sealed class DoubleOptInTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_form_then_the_delivered_link_confirm_only_on_the_button_and_the_log_keeps_the_wording(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(MailTestSupport.Settings(smtp.Server.Port)), ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        var email = MailTestSupport.NewRecipient("abonnee");

        var form = HtmlText.Visible(await visitor.Client.GetStringAsync("/lettre?liste=departement:42"));
        Assert.Contains(SubscriptionTexts.ConsentWording, form);
        var refused = await visitor.SubmitAsync("/lettre", new Dictionary<string, string> { ["Email"] = "pas-une-adresse", ["Departement"] = "999" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedText = HtmlText.Visible(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez une adresse e-mail valide", refusedText);
        Assert.Contains("Lettre inconnue", refusedText);
        Assert.Null(await SubscriptionWorld.SubscriberAsync(app, "pas-une-adresse"));

        var sent = await visitor.SubmitAsync("/lettre", new Dictionary<string, string>
        {
            ["Email"] = email, ["National"] = "true", ["Departement"] = "42", ["Topics"] = "legal",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/lettre?envoye=true", sent.Headers.Location?.OriginalString);
        var subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal((SubscriberStatus.Unconfirmed, "legal"), (subscriber.Status, subscriber.Topics));
        Assert.Equal(["departement:42", "national"], subscriber.Subscriptions.Select(s => s.ListCode).Order());
        var requested = Assert.Single(await SubscriptionWorld.ConsentsAsync(app, subscriber.Id));
        Assert.Equal((ConsentAction.Requested, "form", SubscriptionTexts.ConsentWording), (requested.Action, requested.Method, requested.Wording));

        var message = Assert.Single(await smtp.Server.WaitForAsync(email));
        Assert.Equal(SubscriptionMails.ConfirmationSubject, message.Subject);
        Assert.Contains("Loire", message.TextBody);
        var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"https?://\S+/lettre/confirmer\?jeton=\S+").Value;
        var path = new Uri(link).PathAndQuery;

        // Opening the link, as a mail scanner would, changes nothing.
        var page = HtmlText.Visible(await visitor.Client.GetStringAsync(path));
        Assert.Contains("Je confirme mon abonnement", page);
        Assert.Contains("Loire", page);
        Assert.Equal(SubscriberStatus.Unconfirmed, (await SubscriptionWorld.SubscriberAsync(app, email))!.Status);
        var confirmed = await visitor.SubmitAsync(path, new Dictionary<string, string> { ["jeton"] = SubscriptionWorld.TokenOf(path) });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
        subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.Status);
        Assert.NotNull(subscriber.ConfirmedAt);
        var log = await SubscriptionWorld.ConsentsAsync(app, subscriber.Id);
        Assert.Equal([ConsentAction.Requested, ConsentAction.Confirmed], log.Select(c => c.Action));
        Assert.Equal(SubscriptionTexts.ConfirmationWording, log[1].Wording);

        // The preferences page: the person's own consent log, with the exact wording, and changing lists and topics.
        var (preferences, _) = await SubscriptionWorld.PreferencesAsync(app, email);
        var prefsHtml = await visitor.Client.GetStringAsync(preferences);
        var prefs = HtmlText.Visible(prefsHtml);
        Assert.Contains("Journal du consentement", prefs);
        Assert.Contains(SubscriptionTexts.ConsentWording, prefs);
        Assert.Contains(SubscriptionTexts.ConfirmationWording, prefs);
        var changed = await visitor.SubmitAsync(preferences, new Dictionary<string, string> { ["Lists"] = "national", ["Topics"] = "events" }, preferences + "&handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal(["national"], subscriber.Subscriptions.Select(s => s.ListCode));
        Assert.Equal("events", subscriber.Topics);
        var change = (await SubscriptionWorld.ConsentsAsync(app, subscriber.Id)).Last();
        Assert.Equal((ConsentAction.Changed, "preferences", "national", "events"), (change.Action, change.Method, change.Lists, change.Topics));
        var noList = await visitor.SubmitAsync(preferences, new Dictionary<string, string> { ["Topics"] = "events" }, preferences + "&handler=Save");
        Assert.Equal(HttpStatusCode.BadRequest, noList.StatusCode);
        Assert.Contains("désabonnez-vous de tout", HtmlText.Visible(await noList.Content.ReadAsStringAsync()));

        // Unsubscribing from all on the same page.
        var gone = await visitor.SubmitAsync(preferences, new Dictionary<string, string>(), preferences + "&handler=Unsubscribe");
        Assert.Equal(HttpStatusCode.Redirect, gone.StatusCode);
        subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal(SubscriberStatus.Unsubscribed, subscriber.Status);
        Assert.Empty(subscriber.Subscriptions);
        var withdrawn = (await SubscriptionWorld.ConsentsAsync(app, subscriber.Id)).Last();
        Assert.Equal((ConsentAction.Withdrawn, "preferences"), (withdrawn.Action, withdrawn.Method));
        Assert.Contains("Désabonnement", HtmlText.Visible(await visitor.Client.GetStringAsync(preferences)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_confirmed_address_submitted_again_keeps_its_lists_until_its_own_confirmation(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var email = SubscriptionWorld.NewEmail("confirmee");
        var subscriber = await SubscriptionWorld.ConfirmedAsync(app, email, ["national"], "campaign");

        // The same day: nothing at all, not even a pending request.
        await SubscriptionWorld.SubscribeAsync(app.CreateBrowserlessClient(), email, ["departement:42"]);
        Assert.Single(await SubscriptionWorld.OutboxTextsAsync(app, email));
        Assert.Null((await SubscriptionWorld.SubscriberAsync(app, email))!.PendingRequest);

        await SubscriptionWorld.ADayLaterAsync(app, email);
        await SubscriptionWorld.SubscribeAsync(app.CreateBrowserlessClient(), email, ["departement:42"], "legal");
        subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.Status);
        Assert.Equal(["national"], subscriber.Subscriptions.Select(s => s.ListCode));
        Assert.Equal("campaign", subscriber.Topics);
        Assert.NotNull(subscriber.PendingRequest);
        Assert.Equal(2, (await SubscriptionWorld.OutboxTextsAsync(app, email)).Count);

        var path = await SubscriptionWorld.ConfirmationPathAsync(app, email);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        Assert.Contains("Loire", HtmlText.Visible(await visitor.Client.GetStringAsync(path)));
        Assert.Equal(["national"], (await SubscriptionWorld.SubscriberAsync(app, email))!.Subscriptions.Select(s => s.ListCode));
        await visitor.SubmitAsync(path, new Dictionary<string, string> { ["jeton"] = SubscriptionWorld.TokenOf(path) });
        subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal(["departement:42", "national"], subscriber.Subscriptions.Select(s => s.ListCode).Order());
        Assert.Equal("campaign,legal", subscriber.Topics);
        Assert.Null(subscriber.PendingRequest);
        Assert.Equal(ConsentAction.Changed, (await SubscriptionWorld.ConsentsAsync(app, subscriber.Id)).Last().Action);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_forged_or_expired_confirmation_link_gets_a_french_page_never_a_500(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        foreach (var token in new[] { "inconnu", "", new string('a', 5_000), "CfDJ8%00%01", "\u00e9\u00e9" })
        {
            var path = "/lettre/confirmer?jeton=" + Uri.EscapeDataString(token);
            var get = await visitor.Client.GetAsync(path);
            Assert.True(get.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{token}: {get.StatusCode}");
            var posted = await visitor.SubmitAsync("/lettre", new Dictionary<string, string> { ["jeton"] = token }, path);
            Assert.True(posted.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{token}: {posted.StatusCode}");
            var text = HtmlText.Visible(await posted.Content.ReadAsStringAsync());
            Assert.True(text.Contains("n'est pas ou plus valable") || text.Contains("refusée") || text.Contains("introuvable"), text);
        }
        var preferences = await visitor.Client.GetAsync("/lettre/preferences?jeton=faux");
        Assert.Equal(HttpStatusCode.BadRequest, preferences.StatusCode);
        Assert.Contains("n'est pas ou plus valable", HtmlText.Visible(await preferences.Content.ReadAsStringAsync()));
    }
}
