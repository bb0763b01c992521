using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Events;

[Collection(AppsCollection.Name)]
public sealed partial class AgendaPageTests(TestApps apps)
{
    private const string Secret = "salle-secrete-7f3a";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_agenda_lists_and_shows_an_event_without_its_link_with_json_ld_and_follows_its_changes(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, listed: true, signIn: true);
        var anonymous = app.CreateBrowserlessClient();
        var title = $"Débat {Guid.NewGuid():N}"[..20];
        var start = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(3);
        var created = await alice.Api.PostAsJsonAsync("/api/v1/events", new
        {
            title, kind = "debate", collective = alice.CollectiveId,
            start = start.ToString("yyyy-MM-dd'T'18:30"), end = start.ToString("yyyy-MM-dd'T'20:30"),
            online = true, onlineUrl = $"https://visio.example.org/{Secret}", place = new { address = "Maison des associations", territory = "42218" },
            description = "Avec la **Quadrature**.", capacity = 40,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var url = document.GetProperty("url").GetString()!;

        var home = HtmlText.Visible(await anonymous.GetStringAsync("/"));
        Assert.Contains("Prochains rendez-vous", home);
        Assert.Contains("Tout l'agenda", home);
        var agenda = await anonymous.GetStringAsync("/agenda");
        Assert.Contains(title, agenda);
        Assert.Contains(title, await anonymous.GetStringAsync("/agenda?departement=42&type=debate"));
        Assert.DoesNotContain(title, await anonymous.GetStringAsync("/agenda?departement=43"));
        Assert.Contains("Aucun rendez-vous à venir", HtmlText.Visible(await anonymous.GetStringAsync("/agenda?type=rally&departement=976")));
        var month = await anonymous.GetStringAsync($"/agenda?vue=mois&mois={start:yyyy-MM}");
        Assert.Contains(title, month);
        Assert.Contains("<table", month);
        Assert.Contains("Aucun rendez-vous ce mois-ci", HtmlText.Visible(await anonymous.GetStringAsync("/agenda?vue=mois&mois=2001-01")));
        Assert.DoesNotContain(Secret, agenda + month);

        var page = await anonymous.GetStringAsync(url);
        Assert.DoesNotContain(Secret, page);
        var visible = HtmlText.Visible(page);
        Assert.Contains("En ligne — le lien est envoyé aux participants confirmés.", visible);
        Assert.Contains("Maison des associations", visible);
        Assert.Contains("Saint-Étienne", visible);
        Assert.Contains($"/agenda/{document.GetProperty("id").GetInt32()}.ics", page);
        Assert.Contains($"/collectifs/{alice.CollectiveId}-", page);
        var jsonLd = JsonDocument.Parse(WebUtility.HtmlDecode(JsonLd().Match(page).Groups[1].Value)).RootElement;
        Assert.Equal("Event", jsonLd.GetProperty("@type").GetString());
        Assert.Equal(title, jsonLd.GetProperty("name").GetString());
        Assert.EndsWith("T18:30:00" + (jsonLd.GetProperty("startDate").GetString()![^6..]), jsonLd.GetProperty("startDate").GetString());
        Assert.Equal("https://schema.org/MixedEventAttendanceMode", jsonLd.GetProperty("eventAttendanceMode").GetString());
        Assert.DoesNotContain(Secret, jsonLd.ToString());
        // A key without the slug leads to the page.
        var id = document.GetProperty("id").GetInt32();
        // The page holds no form of its own (« Je participe » is a page apart), so visitors get it from the output cache:
        // a change written behind the application's back (no eviction) does not show.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var stored = await db.Set<Contrevue.Features.Events.Event>().SingleAsync(e => e.Id == id);
            stored.Address = "Adresse changée en douce";
            await db.SaveChangesAsync();
        }
        Assert.DoesNotContain("Adresse changée en douce", await anonymous.GetStringAsync(url));
        Assert.Contains("Adresse changée en douce", await alice.Browser.Client.GetStringAsync(url));
        Assert.Equal(HttpStatusCode.MovedPermanently, (await anonymous.GetAsync($"/agenda/{id}")).StatusCode);

        // The organiser sees the edit link; changes through the form show at once to visitors (cache evicted).
        Assert.Contains($"/agenda/{id}/modifier", await alice.Browser.Client.GetStringAsync(url));
        var edit = await alice.Browser.Client.GetStringAsync($"/agenda/{id}/modifier");
        Assert.Contains(Secret, edit);
        var saved = await alice.Browser.SubmitAsync($"/agenda/{id}/modifier", new Dictionary<string, string>
        {
            ["Form.Title"] = title + " (salle changée)", ["Form.Kind"] = "debate",
            ["Form.Start"] = start.ToString("yyyy-MM-dd'T'18:30"), ["Form.End"] = start.ToString("yyyy-MM-dd'T'20:30"),
            ["Form.Online"] = "true", ["Form.OnlineUrl"] = $"https://visio.example.org/{Secret}", ["Form.Address"] = "Bourse du travail",
            ["Form.Commune"] = "Saint-Étienne (42218)", ["Form.Description"] = "Avec la **Quadrature**.", ["Form.Capacity"] = "40",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("salle changée", await anonymous.GetStringAsync("/agenda"));
        var newUrl = saved.Headers.Location!.OriginalString;
        Assert.Contains("Bourse du travail", await anonymous.GetStringAsync(newUrl));

        // A bad form comes back with French errors, nothing saved.
        var refused = await alice.Browser.SubmitAsync($"/agenda/{id}/modifier", new Dictionary<string, string>
        {
            ["Form.Title"] = title, ["Form.Kind"] = "debate", ["Form.Start"] = "2027-03-10T18:30", ["Form.End"] = "2027-03-10T17:00",
            ["Form.Recurrence"] = "FREQ=SECONDLY", ["Form.Commune"] = "Saint-Étienne (42218)", ["Form.Capacity"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = HtmlText.Visible(await refused.Content.ReadAsStringAsync());
        Assert.Contains("La fin doit venir après le début", errors);
        Assert.Contains("Seules les récurrences", errors);
        Assert.Contains("La jauge", errors);

        // Cancelled through the form: the page says so at once.
        var cancelled = await alice.Browser.SubmitAsync($"/agenda/{id}/modifier", new Dictionary<string, string>(), $"/agenda/{id}/modifier?handler=Cancel");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains("Ce rendez-vous est annulé.", HtmlText.Visible(await anonymous.GetStringAsync(newUrl)));
        Assert.Contains("EventCancelled", await anonymous.GetStringAsync(newUrl));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_creates_an_event_with_the_form_and_others_cannot(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var bob = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = "Collage à Firminy", ["Form.Kind"] = "postering",
            ["Form.Start"] = "2027-06-15T10:00", ["Form.End"] = "2027-06-15T12:00",
            ["Form.Address"] = "Place du marché", ["Form.Commune"] = "42095",
        };
        var created = await alice.Browser.SubmitAsync($"/agenda/nouveau?collectif={alice.CollectiveId}", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        Assert.Matches("^/agenda/[0-9]+-collage-a-firminy$", url);
        Assert.Contains("Firminy", HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync(url)));

        var bobGet = await bob.Browser.Client.GetAsync($"/agenda/nouveau?collectif={alice.CollectiveId}");
        Assert.NotEqual(HttpStatusCode.OK, bobGet.StatusCode);
        var bobPost = await bob.Browser.SubmitAsync($"/agenda/nouveau?collectif={bob.CollectiveId}", fields, $"/agenda/nouveau?collectif={alice.CollectiveId}");
        Assert.True(Refused(bobPost));
        var id = url.Split('/')[2].Split('-')[0];
        var bobEdit = await bob.Browser.Client.GetAsync($"/agenda/{id}/modifier");
        Assert.True(Refused(bobEdit));
        // A visitor is asked to sign in.
        var anonymous = await app.CreateBrowserlessClient().GetAsync("/agenda/nouveau");
        Assert.StartsWith("/connexion", anonymous.Headers.Location?.PathAndQuery ?? anonymous.Headers.Location?.OriginalString);
    }

    /// <summary>A session refused: sent to « accès refusé ».</summary>
    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString).StartsWith("/acces-refuse", StringComparison.Ordinal);

    [GeneratedRegex("<script type=\"application/ld(?:\\+|&#x2B;)json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
