using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.History;

namespace Contrevue.Tests.Features.Observatoire.Reports;

[Collection(AppsCollection.Name)]
public sealed class DossierHistoryTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_history_shows_each_change_and_a_moderator_reverts_the_latest(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var api = TestAccounts.ClientWithToken(app, token);
        var title = $"VSA à l'historique {Guid.NewGuid():N}"[..28];
        var dossier = await ReportTests.CreateDossierAsync(api, title);

        var edited = JsonSerializer.SerializeToNode(DossierApiTests.VsaDossier(title + " (corrigé)"))!.AsObject();
        edited["cameraCount"] = 80;
        edited["technologies"] = new System.Text.Json.Nodes.JsonArray("vsa", "video-verbalisation", "drones");
        var sources = edited["sources"]!.AsArray();
        sources[0]!["id"] = dossier.Sources[0].Id;
        sources[1]!["id"] = dossier.Sources[1].Id;
        sources.Add(new { kind = "article", title = "Nouvel article", url = "https://www.example.org/nouvel-article", confidence = "probable" });
        var put = await api.PutAsJsonAsync($"/api/v1/dossiers/{dossier.Id}?reason=Compte%20rendu%20du%20conseil", edited);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using (var history = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history")))
        {
            var latest = history.RootElement.GetProperty("items")[0];
            Assert.Equal("Compte rendu du conseil", latest.GetProperty("reason").GetString());
            Assert.StartsWith("account ", latest.GetProperty("author").GetProperty("label").GetString());
            ReportTests.AssertChange(latest, "title", title, title + " (corrigé)");
            ReportTests.AssertChange(latest, "cameraCount", "120", "80");
            ReportTests.AssertChange(latest, "technologies", "vsa, video-verbalisation", "vsa, drones, video-verbalisation");
            ReportTests.AssertChange(latest, "sources", null, "Nouvel article");
            Assert.DoesNotContain(latest.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() is "updatedAt" or "slug" or "hidden");
        }
        var page = HtmlText.Visible(await anonymous.GetStringAsync($"/observatoire/dossiers/{dossier.Id}/historique"));
        Assert.Contains("Nombre de caméras 120 80", page);
        Assert.Contains("Technologies Vidéosurveillance algorithmique (VSA), Vidéoverbalisation Vidéosurveillance algorithmique (VSA), Drones, Vidéoverbalisation", page);
        Assert.Contains("Source — Nouvel article", page);
        Assert.DoesNotContain("Annuler cette révision", page);

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var url = $"/observatoire/dossiers/{dossier.Id}/historique";
        var moderatorPage = HtmlText.Visible(await moderator.Client.GetStringAsync(url));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(moderatorPage, "Annuler cette révision"));
        var reverted = await moderator.SubmitAsync(url, new Dictionary<string, string> { ["revision"] = LatestRevisionId(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history")), ["reason"] = "Correction erronée" }, url + "?handler=Revert");
        Assert.Equal(HttpStatusCode.Redirect, reverted.StatusCode);

        using (var read = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}")))
        {
            Assert.Equal(title, read.RootElement.GetProperty("title").GetString());
            Assert.Equal(120, read.RootElement.GetProperty("cameraCount").GetInt32());
            Assert.Equal(2, read.RootElement.GetProperty("sources").GetArrayLength());
        }
        using (var history = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history")))
        {
            var items = history.RootElement.GetProperty("items");
            var revert = items[0];
            Assert.Equal(items[1].GetProperty("id").GetInt32(), revert.GetProperty("revertsRevision").GetInt32());
            Assert.Equal("Correction erronée", revert.GetProperty("reason").GetString());
            ReportTests.AssertChange(revert, "sources", "Nouvel article", null);
        }
        Assert.Contains("annule la révision n°", HtmlText.Visible(await anonymous.GetStringAsync(url)));

        // A hiding is the latest revision now: it is undone in the reports queue, not here.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/uphold", null)).StatusCode);
        var hiddenPage = HtmlText.Visible(await moderator.Client.GetStringAsync(url));
        Assert.DoesNotContain("Annuler cette révision", hiddenPage);
        Assert.Contains("Un masquage ou un rétablissement se décide dans la file des signalements.", hiddenPage);
        Assert.Contains("Masqué par la modération", hiddenPage);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/dossiers/{dossier.Id}/history")).StatusCode);
    }

    [Fact]
    public void A_creation_lists_the_fields_set_and_an_edit_only_what_changed()
    {
        var first = new DossierDocument
        {
            Id = 7, Slug = "vsa", Title = "VSA", Status = "announced", Technologies = ["vsa"], Hidden = false, UpdatedAt = "2026-01-01T00:00:00Z",
            Sources = [new SourceDocument { Id = 1, Kind = "article", Title = "Article", Url = "https://example.org/a" }],
        };
        var second = first with
        {
            Status = "deployed", UpdatedAt = "2026-02-01T00:00:00Z",
            Sources = [new SourceDocument { Id = 1, Kind = "article", Title = "Article", Url = "https://example.org/a", Hidden = true }],
        };
        string Json(DossierDocument document) => JsonSerializer.Serialize(document, DossierService.Json);

        var creation = DossierHistory.Diff(null, Json(first));
        var edit = DossierHistory.Diff(Json(first), Json(second));

        Assert.Contains(creation, c => c is { Field: "title", Before: null, After: "VSA" });
        Assert.Contains(creation, c => c is { Field: "sources", Before: null, After: "Article" });
        Assert.DoesNotContain(creation, c => c.Field is "hidden" or "updatedAt" or "id" or "slug" or "hiddenSources");
        Assert.Equal(
            new FieldChange[] { new("status", "announced", "deployed"), new("hiddenSources", null, "Article") },
            edit);
        Assert.Equal("Déployé", DossierHistory.DisplayValue("status", "deployed", label => label));

        Revision Made(int id, string? before, string after) => new() { Id = id, EntityType = "dossier", EntityKey = "dossier:7", Before = before, After = after };
        var statusEdit = Made(2, Json(first), Json(first with { Status = "deployed" }));
        Assert.Null(DossierHistory.WhyNotRevertible(statusEdit, statusEdit));
        Assert.NotNull(DossierHistory.WhyNotRevertible(statusEdit, Made(3, Json(first), Json(first))));
        Assert.NotNull(DossierHistory.WhyNotRevertible(Made(1, null, Json(first)), Made(1, null, Json(first))));
        var hiding = Made(4, Json(first), Json(second));
        Assert.Contains("file des signalements", DossierHistory.WhyNotRevertible(hiding, hiding));
        var confirmation = Made(5, Json(second), Json(second));
        Assert.Contains("aucun champ", DossierHistory.WhyNotRevertible(confirmation, confirmation));
    }

    private static string LatestRevisionId(string history)
    {
        using var document = JsonDocument.Parse(history);
        return document.RootElement.GetProperty("items")[0].GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
