using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Subscriptions;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary><c>POST /api/v1/newsletter/subscriptions</c>: 202 whatever the address, French 400s by field, never a 500.</summary>
[Collection(AppsCollection.Name)]
public sealed class SubscriptionApiTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_new_address_is_kept_unconfirmed_with_its_lists_topics_and_the_wording(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var email = SubscriptionWorld.NewEmail("Api");
        var client = app.CreateBrowserlessClient();

        var response = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = "  " + email.ToUpperInvariant(), lists = new[] { "national", "departement:42", "national" }, topics = new[] { "legal", "campaign" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var first = await response.Content.ReadAsStringAsync();
        using (var json = JsonDocument.Parse(first))
        {
            Assert.Equal("awaiting-confirmation", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(SubscriptionTexts.ConsentWording, json.RootElement.GetProperty("consentWording").GetString());
        }
        var subscriber = (await SubscriptionWorld.SubscriberAsync(app, email.ToLowerInvariant()))!;
        Assert.Equal((SubscriberStatus.Unconfirmed, "campaign,legal"), (subscriber.Status, subscriber.Topics));
        Assert.Equal(["departement:42", "national"], subscriber.Subscriptions.Select(s => s.ListCode).Order());
        var consent = Assert.Single(await SubscriptionWorld.ConsentsAsync(app, subscriber.Id));
        Assert.Equal((ConsentAction.Requested, "api", SubscriptionTexts.ConsentWording, "national,departement:42"), (consent.Action, consent.Method, consent.Wording, consent.Lists));
        Assert.Single(await SubscriptionWorld.OutboxTextsAsync(app, email.ToLowerInvariant()));

        // The same answer, to the byte, for a known address: nothing tells it apart.
        var again = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email, lists = new[] { "national" } });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first, await again.Content.ReadAsStringAsync());
        Assert.Single(await SubscriptionWorld.OutboxTextsAsync(app, email.ToLowerInvariant()));
    }

    private static readonly (string Body, string Field, string Words)[] BadInputs =
    [
        ("""{"email":"pas-une-adresse","lists":["national"]}""", "email", "adresse e-mail valide"),
        ("""{"email":"a@b@example.org","lists":["national"]}""", "email", "adresse e-mail valide"),
        ("""{"lists":["national"]}""", "email", "adresse e-mail valide"),
        ("""{"email":"a@example.org"}""", "lists", "au moins une lettre"),
        ("""{"email":"a@example.org","lists":[]}""", "lists", "au moins une lettre"),
        ("""{"email":"a@example.org","lists":["international"]}""", "lists", "Lettre inconnue"),
        ("""{"email":"a@example.org","lists":["departement:999"]}""", "lists", "Lettre inconnue"),
        ("""{"email":"a@example.org","lists":["departement:<b>"]}""", "lists", "Lettre inconnue"),
        ("""{"email":"a@example.org","lists":["collective:999999"]}""", "lists", "Lettre inconnue"),
        ("""{"email":"a@example.org","lists":["collective:-1"]}""", "lists", "Lettre inconnue"),
        ("""{"email":"a@example.org","lists":["national"],"topics":["sport"]}""", "topics", "Sujet inconnu"),
        ("""{"email":"a@example.org","lists":LISTS}""", "lists", "Vingt lettres au plus"),
        ("""{"email":"a\u0007@example.org","lists":["national"]}""", "", "caractère interdit"),
        ("""{"email":"a@example.org","lists":["national\uFFFE"]}""", "", "caractère interdit"),
        ("""{"email":"a@example.org","lists":["national"],"topics":["legal\uD800"]}""", "", ""),
        ("""{"email":"a@example.org","lists":[null, 3]}""", "", ""),
        ("""{"email":"a@example.org","lists":"national"}""", "", ""),
        ("""{"email":{"a":1},"lists":["national"]}""", "", ""),
        ("""{"email":"a@example.org","lists""", "", ""),
        ("""["a@example.org"]""", "", ""),
    ];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_inputs_get_a_french_400_never_a_500(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var manyLists = JsonSerializer.Serialize(Enumerable.Range(1, 21).Select(i => $"departement:{i:00}"));
        foreach (var (body, field, words) in BadInputs)
        {
            var json = body.Replace("LISTS", manyLists, StringComparison.Ordinal);
            var response = await app.CreateBrowserlessClient().PostAsync("/api/v1/newsletter/subscriptions", new StringContent(json, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {text}");
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
            using var problem = JsonDocument.Parse(text);
            var title = problem.RootElement.GetProperty("title").GetString() ?? "";
            Assert.True(title.Length > 0 && title != "Bad Request" && title != "One or more validation errors occurred.", text);
            if (field.Length > 0)
            {
                Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), text);
                Assert.Contains(words, messages[0].GetString());
            }
            else if (words.Length > 0)
            {
                Assert.Contains(words, text);
            }
        }
        Assert.Null(await SubscriptionWorld.SubscriberAsync(app, "a@example.org"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_100_kb_body_is_refused_in_french(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var huge = JsonSerializer.Serialize(new { email = "a@example.org", lists = new[] { "national" }, topics = Enumerable.Repeat("campaign", 10_000) });
        Assert.True(huge.Length > 100_000);

        var response = await app.CreateBrowserlessClient().PostAsync("/api/v1/newsletter/subscriptions", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("volumineu", await response.Content.ReadAsStringAsync());
        var form = await app.CreateBrowserlessClient().PostAsync("/lettre", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = new string('x', 110_000) }));
        Assert.True((int)form.StatusCode is >= 400 and < 500, form.StatusCode.ToString());
    }
}
