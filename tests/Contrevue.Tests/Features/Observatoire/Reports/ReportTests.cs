using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Abuse;

namespace Contrevue.Tests.Features.Observatoire.Reports;

/// <summary>
/// Reports hide a dossier or a source; moderators restore or confirm. Each test runs on an instance of
/// its own over the shared database, behind a trusted proxy: each report of <see cref="ReportAsync"/>
/// comes from an address of its own (X-Forwarded-For), as reports from a crowd would, since one
/// client's reports count once (see Hardening/OneClientReportTests).
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ReportTests(TestApps apps)
{
    private const string HiddenNotice = "Ce dossier a été signalé et reste masqué en attendant la décision d'un modérateur.";
    private const string CommunePage = "/communes/42218-saint-etienne";

    internal sealed record CreatedDossier(int Id, string Path, string Title, IReadOnlyList<(int Id, string Title)> Sources);

    internal static async Task<CreatedDossier> CreateDossierAsync(HttpClient moderator, string title)
    {
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", DossierApiTests.VsaDossier(title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var root = body.RootElement;
        var id = root.GetProperty("id").GetInt32();
        return new CreatedDossier(id, $"/observatoire/dossiers/{id}-{root.GetProperty("slug").GetString()}", title,
            [.. root.GetProperty("sources").EnumerateArray().Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("title").GetString()!))]);
    }

    private static readonly Dictionary<string, string> BehindProxy = new() { ["ForwardedHeaders:Enabled"] = "true" };
    private static int _clients;

    /// <summary>A report from a new client: a new address behind the trusted proxy.</summary>
    internal static async Task<HttpResponseMessage> ReportAsync(HttpClient client, string target, int id, string? reason = "false", string? comment = null)
    {
        var n = Interlocked.Increment(ref _clients);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(new { target, id, reason, comment }) };
        request.Headers.Add("X-Forwarded-For", $"198.18.{(n >> 8) & 255}.{n & 255}");
        return await client.SendAsync(request);
    }

    private static async Task<string> StatusOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString()!;
    }

    private static string Unique(string title) => $"{title} {Guid.NewGuid():N}"[..(title.Length + 9)];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Three_reports_hide_a_dossier_until_a_moderator_restores_it_from_the_queue_page(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var dossier = await CreateDossierAsync(TestAccounts.ClientWithToken(app, token), Unique("VSA signalée"));
        Assert.Contains(dossier.Title, HtmlText.Visible(await anonymous.GetStringAsync(CommunePage)));

        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "false")));
        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "personal-data", "Le nom d'un agent figure dans le résumé.")));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}")).StatusCode);
        Assert.Equal("hidden", await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "defamatory")));

        var read = await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        using (var problem = JsonDocument.Parse(await read.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Dossier masqué", problem.RootElement.GetProperty("title").GetString());
        }
        var page = HtmlText.Visible(await anonymous.GetStringAsync(dossier.Path));
        Assert.Contains(HiddenNotice, page);
        Assert.DoesNotContain("Les faits", page);
        Assert.DoesNotContain(dossier.Title, HtmlText.Visible(await anonymous.GetStringAsync(CommunePage)));
        var again = await ReportAsync(anonymous, "dossier", dossier.Id);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Dossier masqué", await again.Content.ReadAsStringAsync());
        Assert.Contains(HiddenNotice, HtmlText.Visible(await anonymous.GetStringAsync($"/observatoire/dossiers/{dossier.Id}/historique")));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}/history")).StatusCode);

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var queue = HtmlText.Visible(await moderator.Client.GetStringAsync("/moderation/signalements"));
        Assert.Contains($"Dossier « {dossier.Title} »", queue);
        Assert.Contains("Le nom d'un agent figure dans le résumé.", queue);
        Assert.Contains("Données personnelles", queue);
        Assert.Contains("Confirmer le masquage", queue);
        Assert.Contains("Les faits", HtmlText.Visible(await moderator.Client.GetStringAsync(dossier.Path)));

        var noReason = await moderator.SubmitAsync("/moderation/signalements",
            new Dictionary<string, string> { ["target"] = "dossier", ["id"] = $"{dossier.Id}", ["reason"] = " " }, "/moderation/signalements?handler=Restore");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Indiquez pourquoi vous rétablissez", HtmlText.Visible(await noReason.Content.ReadAsStringAsync()));
        var restored = await moderator.SubmitAsync("/moderation/signalements",
            new Dictionary<string, string> { ["target"] = "dossier", ["id"] = $"{dossier.Id}", ["reason"] = "Faits sourcés par une délibération" }, "/moderation/signalements?handler=Restore");
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Contains($"Rétabli : « {dossier.Title} ».", HtmlText.Visible(await moderator.Client.GetStringAsync(restored.Headers.Location!.OriginalString)));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}")).StatusCode);
        Assert.Contains(dossier.Title, HtmlText.Visible(await anonymous.GetStringAsync(CommunePage)));
        Assert.DoesNotContain(HiddenNotice, HtmlText.Visible(await anonymous.GetStringAsync(dossier.Path)));

        using var history = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history"));
        var items = history.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var (restoring, hiding, creation) = (items[0], items[1], items[2]);
        Assert.Equal("Rétabli par la modération : Faits sourcés par une délibération", restoring.GetProperty("reason").GetString());
        Assert.Equal("account", restoring.GetProperty("author").GetProperty("kind").GetString());
        AssertChange(restoring, "hidden", "true", "false");
        Assert.Equal("Masqué après 3 signalements", hiding.GetProperty("reason").GetString());
        Assert.Equal("system", hiding.GetProperty("author").GetProperty("kind").GetString());
        Assert.Equal("Contrevue (automatique)", hiding.GetProperty("author").GetProperty("label").GetString());
        AssertChange(hiding, "hidden", "false", "true");
        Assert.Single(hiding.GetProperty("changes").EnumerateArray());
        Assert.Equal("Création du dossier", creation.GetProperty("reason").GetString());
        AssertChange(creation, "title", null, dossier.Title);

        var historyPage = HtmlText.Visible(await anonymous.GetStringAsync($"/observatoire/dossiers/{dossier.Id}/historique"));
        Assert.Contains("Masqué après 3 signalements", historyPage);
        Assert.Contains("Contrevue (automatique)", historyPage);
        Assert.Contains("Rétabli par la modération : Faits sourcés par une délibération", historyPage);
        Assert.Contains("Dossier masqué Oui Non", historyPage);
        Assert.DoesNotContain("Annuler cette révision", historyPage);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_restores_confirms_or_hides_through_the_api(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await CreateDossierAsync(moderator, Unique("VSA rétablie"));
        for (var i = 0; i < 3; i++)
        {
            await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "other", $"Commentaire n° {i}"));
        }

        using (var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/reports")))
        {
            var item = queue.RootElement.GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("target").GetString() == "dossier" && i.GetProperty("id").GetInt32() == dossier.Id);
            Assert.True(item.GetProperty("hidden").GetBoolean());
            Assert.Equal(3, item.GetProperty("reports").GetArrayLength());
            Assert.Equal("other", item.GetProperty("reports")[0].GetProperty("reason").GetString());
            Assert.Equal("Autre raison", item.GetProperty("reports")[0].GetProperty("reasonLabel").GetString());
            Assert.Equal(dossier.Path, item.GetProperty("url").GetString());
        }

        var noReason = await moderator.PostAsJsonAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/restore", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Indiquez pourquoi vous rétablissez", await noReason.Content.ReadAsStringAsync());
        var restored = await moderator.PostAsJsonAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/restore", new { reason = "Rien de personnel" });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        using (var decision = JsonDocument.Parse(await restored.Content.ReadAsStringAsync()))
        {
            Assert.False(decision.RootElement.GetProperty("hidden").GetBoolean());
            Assert.Equal(3, decision.RootElement.GetProperty("reports").GetInt32());
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await moderator.PostAsJsonAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/restore", new { reason = "encore" })).StatusCode);

        // Reports after a restoring count from zero: one does not hide.
        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "false")));
        // A moderator may hide directly; the pending report is upheld.
        var hidden = await moderator.PostAsJsonAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/uphold", new { reason = "Photo d'un particulier" });
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        using (var decision = JsonDocument.Parse(await hidden.Content.ReadAsStringAsync()))
        {
            Assert.True(decision.RootElement.GetProperty("hidden").GetBoolean());
            Assert.Equal(1, decision.RootElement.GetProperty("reports").GetInt32());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await moderator.PostAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/uphold", null)).StatusCode);
        using (var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/reports")))
        {
            var item = queue.RootElement.GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("target").GetString() == "dossier" && i.GetProperty("id").GetInt32() == dossier.Id);
            Assert.True(item.GetProperty("hidden").GetBoolean());
            Assert.Equal(0, item.GetProperty("reports").GetArrayLength());
        }

        using var history = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history"));
        Assert.Equal("Masqué par la modération : Photo d'un particulier", history.RootElement.GetProperty("items")[0].GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await moderator.PostAsync($"/api/v1/moderation/reports/vendor/{dossier.Id}/uphold", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.PostAsync("/api/v1/moderation/reports/source/999999999/uphold", null)).StatusCode);

        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestAccounts.ClientWithToken(app, memberToken).GetAsync("/api/v1/moderation/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/moderation/reports/dossier/{dossier.Id}/restore", null)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Reports_on_a_source_hide_only_that_source(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await CreateDossierAsync(moderator, Unique("VSA à la source signalée"));
        var (sourceId, sourceTitle) = dossier.Sources[1];

        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "source", sourceId, "personal-data", "L'article cite une victime.")));
        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "source", sourceId, "personal-data")));
        Assert.Equal("hidden", await StatusOfAsync(await ReportAsync(anonymous, "source", sourceId, "defamatory")));

        using (var read = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}")))
        {
            var sources = read.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ToList();
            Assert.Equal(new[] { dossier.Sources[0].Title }, sources);
        }
        var page = HtmlText.Visible(await anonymous.GetStringAsync(dossier.Path));
        Assert.DoesNotContain(HiddenNotice, page);
        Assert.DoesNotContain(sourceTitle, page);
        Assert.Contains(dossier.Sources[0].Title, page);
        Assert.Contains(dossier.Title, HtmlText.Visible(await anonymous.GetStringAsync(CommunePage)));
        var again = await ReportAsync(anonymous, "source", sourceId);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Source masquée", await again.Content.ReadAsStringAsync());

        using (var read = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/dossiers/{dossier.Id}")))
        {
            Assert.Contains(read.RootElement.GetProperty("sources").EnumerateArray(),
                s => s.GetProperty("id").GetInt32() == sourceId && s.GetProperty("hidden").GetBoolean());
        }
        using var history = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.Id}/history"));
        var hiding = history.RootElement.GetProperty("items")[0];
        Assert.Equal("Masqué après 3 signalements", hiding.GetProperty("reason").GetString());
        AssertChange(hiding, "hiddenSources", null, sourceTitle);
        Assert.Contains("Sources masquées", HtmlText.Visible(await anonymous.GetStringAsync($"/observatoire/dossiers/{dossier.Id}/historique")));

        var restored = await moderator.PostAsJsonAsync($"/api/v1/moderation/reports/source/{sourceId}/restore", new { reason = "Article public" });
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Contains(sourceTitle, HtmlText.Visible(await anonymous.GetStringAsync(dossier.Path)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Invalid_reports_are_refused_in_French_and_unknown_targets_are_404(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var dossier = await CreateDossierAsync(TestAccounts.ClientWithToken(app, token), Unique("VSA mal signalée"));

        async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
        {
            Assert.Equal(status, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }

        var badReason = await ProblemAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "boring"), HttpStatusCode.BadRequest);
        Assert.Equal("Signalement refusé : vérifiez les champs indiqués.", badReason.GetProperty("title").GetString());
        Assert.Contains("Raison inconnue « boring »", badReason.GetProperty("errors").GetProperty("reason")[0].GetString());
        var otherWithoutComment = await ProblemAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "other", "  "), HttpStatusCode.BadRequest);
        Assert.Contains("Pour « Autre raison »", otherWithoutComment.GetProperty("errors").GetProperty("comment")[0].GetString());
        var tooLong = await ProblemAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "other", new string('x', 2001)), HttpStatusCode.BadRequest);
        Assert.Contains("2000 caractères au plus", tooLong.GetProperty("errors").GetProperty("comment")[0].GetString());
        var badTarget = await ProblemAsync(await ReportAsync(anonymous, "vendor", dossier.Id), HttpStatusCode.BadRequest);
        Assert.Contains("« dossier » ou « source »", badTarget.GetProperty("errors").GetProperty("target")[0].GetString());
        var unknown = await ProblemAsync(await ReportAsync(anonymous, "dossier", 999_999_999), HttpStatusCode.NotFound);
        Assert.Equal("Dossier introuvable", unknown.GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}")).StatusCode);
        // Refused reports were not kept.
        using var queue = JsonDocument.Parse(await TestAccounts.ClientWithToken(app, token).GetStringAsync("/api/v1/moderation/reports"));
        Assert.DoesNotContain(queue.RootElement.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("target").GetString() == "dossier" && i.GetProperty("id").GetInt32() == dossier.Id);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Two_reports_do_not_hide_and_keep_nothing_about_their_senders(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await CreateDossierAsync(moderator, Unique("VSA deux fois signalée"));

        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "false")));
        Assert.Equal("received", await StatusOfAsync(await ReportAsync(anonymous, "dossier", dossier.Id, "false")));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/dossiers/{dossier.Id}")).StatusCode);
        Assert.Contains(dossier.Title, HtmlText.Visible(await anonymous.GetStringAsync(CommunePage)));
        using var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/reports"));
        var item = queue.RootElement.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("target").GetString() == "dossier" && i.GetProperty("id").GetInt32() == dossier.Id);
        Assert.False(item.GetProperty("hidden").GetBoolean());
        var report = item.GetProperty("reports")[0];
        // What a report holds, and nothing about who sent it.
        Assert.Equal(new[] { "id", "reason", "reasonLabel", "comment", "createdAt" }, report.EnumerateObject().Select(p => p.Name));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_report_form_works_without_javascript_under_the_abuse_rules(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await CreateDossierAsync(moderator, Unique("VSA au formulaire"));
        var visitor = new FormSession(app.CreateBrowserlessClient());
        var url = $"/observatoire/signaler?dossier={dossier.Id}";

        var html = await visitor.Client.GetStringAsync(url);
        var form = HtmlText.Visible(html);
        Assert.Contains(dossier.Title, form);
        Assert.Contains("Raison du signalement", form);
        Assert.Contains("Données personnelles", form);
        Assert.Contains("Ni adresse IP, ni compte, ni adresse e-mail ne sont gardés : seulement, pendant 48 heures, une empreinte à clé", form);
        Assert.Contains("Après 3 signalements venus de connexions différentes en 48 heures, le contenu signalé est masqué", form);
        Assert.Contains("data-proof-of-work", html);
        Assert.Contains($"name=\"{AbuseCheck.HoneypotField}\"", html);
        Assert.Contains("<legend>", html);
        Assert.Contains(dossier.Sources[0].Title, HtmlText.Visible(await visitor.Client.GetStringAsync($"/observatoire/signaler?source={dossier.Sources[0].Id}")));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Client.GetAsync("/observatoire/signaler?dossier=999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.Client.GetAsync("/observatoire/signaler")).StatusCode);

        // Without JavaScript there is no proof of work: the report goes through under the stricter limit.
        var sent = await visitor.SubmitAsync(url, new Dictionary<string, string> { ["Form.Reason"] = "false", ["Form.Comment"] = "Le projet a été abandonné en 2024." });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/observatoire/signaler/merci?statut=received", sent.Headers.Location?.OriginalString);
        Assert.Contains("Merci pour votre signalement", HtmlText.Visible(await visitor.Client.GetStringAsync("/observatoire/signaler/merci?statut=received")));

        var otherWithoutComment = await visitor.SubmitAsync(url, new Dictionary<string, string> { ["Form.Reason"] = "other" });
        Assert.Equal(HttpStatusCode.OK, otherWithoutComment.StatusCode);
        Assert.Contains("Pour « Autre raison », expliquez le problème dans le commentaire.", HtmlText.Visible(await otherWithoutComment.Content.ReadAsStringAsync()));

        var forged = await visitor.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Form.Reason"] = "false", [AbuseCheck.ChallengeField] = "1.2.3.18.forged", [AbuseCheck.SolutionField] = "42",
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(AbuseCheck.InvalidProofDetail, HtmlText.Visible(await forged.Content.ReadAsStringAsync()));

        var robot = await visitor.SubmitAsync(url, new Dictionary<string, string> { ["Form.Reason"] = "false", [AbuseCheck.HoneypotField] = "https://spam.example" });
        Assert.Equal(HttpStatusCode.Redirect, robot.StatusCode);
        Assert.Equal("/observatoire/signaler/merci", robot.Headers.Location?.OriginalString);

        // Only the first report was kept: the refused one, the forged one and the robot's were not.
        using var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/reports"));
        var item = queue.RootElement.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("target").GetString() == "dossier" && i.GetProperty("id").GetInt32() == dossier.Id);
        var report = Assert.Single(item.GetProperty("reports").EnumerateArray());
        Assert.Equal("Le projet a été abandonné en 2024.", report.GetProperty("comment").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_hidden_target_cannot_be_reported_from_the_form_and_the_page_says_so(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, BehindProxy, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var dossier = await CreateDossierAsync(moderator, Unique("VSA déjà masquée"));
        // A moderator hides it directly from the queue page, which lists it once reported.
        Assert.Equal("received", await StatusOfAsync(await ReportAsync(app.CreateBrowserlessClient(), "dossier", dossier.Id, "defamatory")));
        var session = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var hidden = await session.SubmitAsync("/moderation/signalements",
            new Dictionary<string, string> { ["target"] = "dossier", ["id"] = $"{dossier.Id}", ["reason"] = "" }, "/moderation/signalements?handler=Uphold");
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.Contains($"Masqué : « {dossier.Title} ».", HtmlText.Visible(await session.Client.GetStringAsync("/moderation/signalements")));

        var page = await app.CreateBrowserlessClient().GetAsync($"/observatoire/signaler?dossier={dossier.Id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var text = HtmlText.Visible(await page.Content.ReadAsStringAsync());
        Assert.Contains(HiddenNotice, text);
        Assert.DoesNotContain("Envoyer le signalement", text);
        Assert.DoesNotContain(dossier.Title, text);
        var source = await app.CreateBrowserlessClient().GetAsync($"/observatoire/signaler?source={dossier.Sources[0].Id}");
        Assert.Equal(HttpStatusCode.NotFound, source.StatusCode);
        Assert.DoesNotContain(dossier.Title, HtmlText.Visible(await source.Content.ReadAsStringAsync()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_queue_page_is_for_moderators_and_says_when_it_is_empty(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var anonymous = app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/moderation/signalements")).StatusCode);

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        Assert.Contains("Aucun signalement en attente, rien de masqué.", HtmlText.Visible(await moderator.Client.GetStringAsync("/moderation/signalements")));
        using var queue = JsonDocument.Parse(await TestAccounts.ClientWithToken(app, (await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator)).Token)
            .GetStringAsync("/api/v1/moderation/reports"));
        Assert.Equal(0, queue.RootElement.GetProperty("items").GetArrayLength());
    }

    internal static void AssertChange(JsonElement revision, string field, string? before, string? after) =>
        Assert.Contains(revision.GetProperty("changes").EnumerateArray(), c =>
            c.GetProperty("field").GetString() == field
            && Value(c, "before") == before
            && Value(c, "after") == after);

    private static string? Value(JsonElement change, string name) =>
        change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
