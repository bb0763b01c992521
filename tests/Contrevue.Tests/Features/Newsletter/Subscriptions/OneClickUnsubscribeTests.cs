using System.Net;
using Contrevue.Features.Newsletter;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary>RFC 8058: a GET of the List-Unsubscribe address changes nothing; a POST of List-Unsubscribe=One-Click, without cookie, unsubscribes.</summary>
[Collection(AppsCollection.Name)]
public sealed class OneClickUnsubscribeTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_get_changes_nothing_and_a_one_click_post_without_cookie_unsubscribes(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var email = SubscriptionWorld.NewEmail("un-clic");
        var subscriber = await SubscriptionWorld.ConfirmedAsync(app, email, ["national", "departement:42"]);
        var links = app.Services.GetRequiredService<NewsletterLinks>();
        var url = new Uri(NewsletterLinks.UnsubscribeUrl("http://localhost", links.SubscriberToken(subscriber.Id), 4242)).PathAndQuery;

        // A link scanner (or the person) opening it: a page with a button, nothing changed.
        var client = app.CreateBrowserlessClient();
        var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html);
        Assert.Contains("Me désabonner", HtmlText.Visible(html));
        Assert.Equal(SubscriberStatus.Confirmed, (await SubscriptionWorld.SubscriberAsync(app, email))!.Status);

        // The mail client's POST: no cookie, no antiforgery token, no redirect.
        using var bare = app.CreateBrowserlessClient();
        var posted = await bare.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Null(posted.Headers.Location);
        Assert.Contains("vous êtes désabonné(e)", HtmlText.Visible(await posted.Content.ReadAsStringAsync()));
        subscriber = (await SubscriptionWorld.SubscriberAsync(app, email))!;
        Assert.Equal(SubscriberStatus.Unsubscribed, subscriber.Status);
        Assert.Empty(subscriber.Subscriptions);
        var withdrawn = (await SubscriptionWorld.ConsentsAsync(app, subscriber.Id)).Last();
        Assert.Equal((ConsentAction.Withdrawn, "one-click", (int?)4242), (withdrawn.Action, withdrawn.Method, withdrawn.MailingId));

        // Posted again (a client retrying): still 200, no second withdrawal.
        Assert.Equal(HttpStatusCode.OK, (await bare.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }))).StatusCode);
        Assert.Single(await SubscriptionWorld.ConsentsAsync(app, subscriber.Id), c => c.Action == ConsentAction.Withdrawn);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_forged_token_or_a_post_without_one_click_gets_a_french_400(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var email = SubscriptionWorld.NewEmail("falsifie");
        var subscriber = await SubscriptionWorld.ConfirmedAsync(app, email, ["national"]);
        var client = app.CreateBrowserlessClient();
        var oneClick = new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" };

        foreach (var url in new[] { "/lettre/desinscription?jeton=faux&envoi=1", "/lettre/desinscription", $"/lettre/desinscription?jeton={subscriber.Id}&envoi=x" })
        {
            var get = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
            Assert.Contains("n'est pas valable", HtmlText.Visible(await get.Content.ReadAsStringAsync()));
            var post = await client.PostAsync(url, new FormUrlEncodedContent(oneClick));
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
            Assert.Contains("n'est pas valable", HtmlText.Visible(await post.Content.ReadAsStringAsync()));
        }
        var token = app.Services.GetRequiredService<NewsletterLinks>().SubscriberToken(subscriber.Id);
        var withoutBody = await client.PostAsync($"/lettre/desinscription?jeton={Uri.EscapeDataString(token)}", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, withoutBody.StatusCode);
        Assert.Equal(SubscriberStatus.Confirmed, (await SubscriptionWorld.SubscriberAsync(app, email))!.Status);
    }
}
