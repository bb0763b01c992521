using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Hardening;

namespace Contrevue.Tests.Features.Events;

/// <summary>A council session linked to the Observatoire dossier it debates: in the API, on the event's page and on the dossier's.</summary>
[Collection(AppsCollection.Name)]
public sealed class EventDossierTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_council_session_links_its_dossier_in_the_api_and_both_pages(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var word = $"Séance{Guid.NewGuid():N}"[..16];
        var dossierId = await AuthorizationWorld.CreateDossierAsync(app, $"Caméras augmentées {word}", hidden: false);
        var dossierPage = $"/observatoire/dossiers/{dossierId}-vsa-matrice";
        // Read (and cached) before: the new session must evict it.
        Assert.DoesNotContain("Prochaines séances du conseil", HtmlText.Visible(await anonymous.GetStringAsync(dossierPage)));

        var created = await moderator.PostAsJsonAsync("/api/v1/events", Session($"Conseil municipal {word}", dossierId));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(dossierId, document.RootElement.GetProperty("dossier").GetInt32());
        var id = document.RootElement.GetProperty("id").GetInt32();
        using (var read = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/events/{id}")))
        {
            Assert.Equal(dossierId, read.RootElement.GetProperty("dossier").GetInt32());
        }
        var (from, to) = Window();
        using (var list = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/events?from={from}&to={to}&kind=council-session")))
        {
            var item = list.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("id").GetInt32() == id);
            Assert.Equal(dossierId, item.GetProperty("dossier").GetInt32());
        }
        var eventPage = await anonymous.GetStringAsync(document.RootElement.GetProperty("url").GetString());
        Assert.Contains($"href=\"{dossierPage}\"", eventPage);
        Assert.Contains($"Caméras augmentées {word}", HtmlText.Visible(eventPage));
        var onDossier = await anonymous.GetStringAsync(dossierPage);
        Assert.Contains("Prochaines séances du conseil", HtmlText.Visible(onDossier));
        Assert.Contains($"Conseil municipal {word}", HtmlText.Visible(onDossier));

        // Unlinked: the dossier's page forgets it at once.
        var unlinked = await moderator.PutAsJsonAsync($"/api/v1/events/{id}", Session($"Conseil municipal {word}", null));
        Assert.Equal(HttpStatusCode.OK, unlinked.StatusCode);
        Assert.True((await unlinked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossier").ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain($"Conseil municipal {word}", await anonymous.GetStringAsync(dossierPage));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unknown_dossier_or_a_dossier_on_another_kind_is_refused_in_French(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossierId = await AuthorizationWorld.CreateDossierAsync(app, "Dossier pour un débat", hidden: false);

        var unknown = await moderator.PostAsJsonAsync("/api/v1/events", Session("Conseil municipal", 999_999_999));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using (var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Aucun dossier n° 999999999 dans l'observatoire.", problem.RootElement.GetProperty("errors").GetProperty("dossier")[0].GetString());
        }

        var debate = await moderator.PostAsJsonAsync("/api/v1/events", Session("Débat", dossierId, kind: "debate"));
        Assert.Equal(HttpStatusCode.BadRequest, debate.StatusCode);
        using (var problem = JsonDocument.Parse(await debate.Content.ReadAsStringAsync()))
        {
            Assert.StartsWith("Seule une séance du conseil", problem.RootElement.GetProperty("errors").GetProperty("dossier")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_event_form_takes_the_address_of_the_dossier_page(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var word = $"Formulaire{Guid.NewGuid():N}"[..16];
        var dossierId = await AuthorizationWorld.CreateDossierAsync(app, $"Vidéoverbalisation {word}", hidden: false);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var start = Window().From;

        var sent = await moderator.SubmitAsync("/agenda/nouveau", new Dictionary<string, string>
        {
            ["Form.Title"] = $"Conseil municipal {word}",
            ["Form.Kind"] = "council-session",
            ["Form.Start"] = $"{start}T18:00",
            ["Form.End"] = $"{start}T21:00",
            ["Form.Commune"] = "01004",
            ["Form.Dossier"] = $"https://contrevue.example/observatoire/dossiers/{dossierId}-vsa-matrice",
        });

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = await moderator.Client.GetStringAsync(sent.Headers.Location!.OriginalString);
        Assert.Contains($"href=\"/observatoire/dossiers/{dossierId}-vsa-matrice\"", page);

        var unreadable = await moderator.SubmitAsync("/agenda/nouveau", new Dictionary<string, string>
        {
            ["Form.Title"] = $"Conseil municipal {word}",
            ["Form.Kind"] = "council-session",
            ["Form.Start"] = $"{start}T18:00",
            ["Form.End"] = $"{start}T21:00",
            ["Form.Commune"] = "01004",
            ["Form.Dossier"] = "le dossier des caméras",
        });
        Assert.Contains("Donnez le numéro du dossier ou l'adresse de sa page", HtmlText.Visible(await unreadable.Content.ReadAsStringAsync()));
    }

    private static object Session(string title, int? dossier, string kind = "council-session")
    {
        var day = Window().From;
        return new
        {
            title,
            kind,
            start = $"{day}T18:00",
            end = $"{day}T21:00",
            place = new { address = "Hôtel de ville", territory = "01004" },
            dossier,
        };
    }

    /// <summary>From ten days ahead, for sixty days: the first day is the sessions' day.</summary>
    private static (string From, string To) Window()
    {
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(10);
        return (day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
