using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Tests.Features.Observatoire.Files;

namespace Contrevue.Tests.Features.Procedures;

/// <summary>A private procedure is its collective's: others are asked to sign in (anonymous) or told it does not exist.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class ProcedureAccessTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_private_procedure_is_seen_and_changed_only_by_its_collective_and_published_without_members_data(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var bob = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var anonymous = app.CreateBrowserlessClient();

        var created = await alice.Api.PostAsJsonAsync("/api/v1/procedures", new
        {
            collectiveId = alice.CollectiveId, kind = "cada-request", title = "Convention de vidéosurveillance",
            authorityName = "Mairie de Firminy", departementCode = "42", subject = "La convention signée avec le fournisseur.",
            startOn = "2025-03-03",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        // Bob cannot create in Alice's collective either.
        var intruding = await bob.Api.PostAsJsonAsync("/api/v1/procedures", new { collectiveId = alice.CollectiveId, kind = "cada-request", title = "Intrusion", authorityName = "Mairie" });
        Assert.Equal(HttpStatusCode.NotFound, intruding.StatusCode);

        // Reads: API and pages.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/procedures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Api.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Browser.Client.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
        Assert.DoesNotContain($"\"id\":{id},", await bob.Api.GetStringAsync("/api/v1/procedures"));
        Assert.Equal(HttpStatusCode.OK, (await alice.Api.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.Browser.Client.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
        Assert.Contains($"\"id\":{id},", await alice.Api.GetStringAsync("/api/v1/procedures"));
        foreach (var pagePath in new[] { $"/procedures/{id}", $"/procedures/{id}/modifier" })
        {
            var redirected = await anonymous.GetAsync(pagePath);
            Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
            Assert.StartsWith("/connexion", redirected.Headers.Location?.PathAndQuery ?? redirected.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Browser.Client.GetAsync(pagePath)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await alice.Browser.Client.GetAsync(pagePath)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Browser.Client.GetAsync($"/procedures/nouvelle?collectif={alice.CollectiveId}")).StatusCode);
        Assert.Contains("Convention de vidéosurveillance", HtmlText.Visible(await alice.Browser.Client.GetStringAsync("/procedures")));
        Assert.DoesNotContain("Convention de vidéosurveillance", HtmlText.Visible(await bob.Browser.Client.GetStringAsync("/procedures")));

        // Writes: API.
        var writes = new (string Method, string Path, object? Body)[]
        {
            ("PUT", $"/api/v1/procedures/{id}", new { kind = "cada-request", title = "Titre changé", authorityName = "Mairie" }),
            ("POST", $"/api/v1/procedures/{id}/events", new { kind = "sent", on = "2025-03-01" }),
            ("POST", $"/api/v1/procedures/{id}/status", new { status = "running" }),
            ("POST", $"/api/v1/procedures/{id}/publish", null),
            ("POST", $"/api/v1/procedures/{id}/unpublish", null),
            ("POST", $"/api/v1/procedures/{id}/continue", new { kind = "cada-referral" }),
        };
        foreach (var (method, path, body) in writes)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, method, path, body)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Send(bob.Api, method, path, body)).StatusCode);
        }
        Assert.Equal("Convention de vidéosurveillance", JsonDocument.Parse(await alice.Api.GetStringAsync($"/api/v1/procedures/{id}")).RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Send(alice.Api, "POST", $"/api/v1/procedures/{id}/events", new { kind = "sent", on = "2025-03-01" })).StatusCode);
        // A session writes through the API with the antiforgery token of one of the site's pages (ApiSessionWrites).
        Assert.Equal(HttpStatusCode.BadRequest, (await Send(alice.Browser.Client, "POST", $"/api/v1/procedures/{id}/events", new { kind = "received", on = "2025-03-03", note = "AR n° 1A" })).StatusCode);
        var withToken = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/procedures/{id}/events") { Content = JsonContent.Create(new { kind = "received", on = "2025-03-03", note = "AR n° 1A" }) };
        withToken.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(Antiforgery().Match(await alice.Browser.Client.GetStringAsync($"/procedures/{id}")).Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, (await alice.Browser.Client.SendAsync(withToken)).StatusCode);

        // Writes: pages (Bob and anonymous hold valid antiforgery tokens of their own).
        var eventFields = new Dictionary<string, string> { ["NewEvent.Kind"] = "other", ["NewEvent.On"] = "2025-03-04", ["NewEvent.Note"] = "intrus" };
        var bobPost = await bob.Browser.SubmitAsync($"/procedures/nouvelle?collectif={bob.CollectiveId}", eventFields, $"/procedures/{id}?handler=Event");
        Assert.Equal(HttpStatusCode.NotFound, bobPost.StatusCode);
        var anonymousSession = new FormSession(app.CreateBrowserlessClient());
        var anonymousPost = await anonymousSession.SubmitAsync("/connexion", eventFields, $"/procedures/{id}?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, anonymousPost.StatusCode);
        Assert.StartsWith("/connexion", anonymousPost.Headers.Location?.PathAndQuery ?? anonymousPost.Headers.Location?.OriginalString);
        var bobEdit = await bob.Browser.SubmitAsync($"/procedures/nouvelle?collectif={bob.CollectiveId}", new Dictionary<string, string> { ["Form.Kind"] = "cada-request", ["Form.Title"] = "Pirate", ["Form.AuthorityName"] = "Mairie" }, $"/procedures/{id}/modifier");
        Assert.Equal(HttpStatusCode.NotFound, bobEdit.StatusCode);
        var aliceEvent = await alice.Browser.SubmitAsync($"/procedures/{id}", new Dictionary<string, string> { ["NewEvent.Kind"] = "other", ["NewEvent.On"] = "2025-03-05", ["NewEvent.Note"] = "relance" }, $"/procedures/{id}?handler=Event");
        Assert.Equal(HttpStatusCode.Redirect, aliceEvent.StatusCode);
        Assert.DoesNotContain("intrus", await alice.Browser.Client.GetStringAsync($"/procedures/{id}"));

        // A document uploaded by Alice's session: served to members only, never by /fichiers.
        var page = await alice.Browser.Client.GetStringAsync($"/procedures/{id}");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent("Accusé de réception"), "DocumentTitle" },
            { new StringContent("true"), "DocumentReceived" },
            // Unique bytes: files are stored by content, and the same bytes cited publicly elsewhere would be public.
            { new ByteArrayContent(TestFiles.Pdf($"AR {Guid.NewGuid():N}")), "DocumentFile", "ar.pdf" },
        };
        var uploaded = await alice.Browser.Client.PostAsync($"/procedures/{id}?handler=Document", upload);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        using var detail = JsonDocument.Parse(await alice.Api.GetStringAsync($"/api/v1/procedures/{id}"));
        var documentUrl = detail.RootElement.GetProperty("documents")[0].GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await alice.Browser.Client.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Browser.Client.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(documentUrl)).StatusCode);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await (await alice.Browser.Client.GetAsync(documentUrl)).Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{sha}")).StatusCode);

        // Published: anyone sees it, without who made it.
        Assert.Equal(HttpStatusCode.OK, (await alice.Api.PostAsync($"/api/v1/procedures/{id}/publish", null)).StatusCode);
        var publicJson = await anonymous.GetStringAsync($"/api/v1/procedures/{id}");
        var publicHtml = await anonymous.GetStringAsync($"/procedures/{id}");
        var bobHtml = await bob.Browser.Client.GetStringAsync($"/procedures/{id}");
        foreach (var shown in new[] { publicJson, publicHtml, bobHtml })
        {
            Assert.Contains("Convention de vidéosurveillance", shown);
            Assert.DoesNotContain(alice.Email, shown, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(alice.UserId, shown, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("createdBy", publicJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("handler=Event", publicHtml);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{sha}")).StatusCode);
        // Still Alice's to change.
        Assert.Equal(HttpStatusCode.NotFound, (await Send(bob.Api, "POST", $"/api/v1/procedures/{id}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(anonymous, "POST", $"/api/v1/procedures/{id}/unpublish", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await alice.Api.PostAsync($"/api/v1/procedures/{id}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/procedures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Browser.Client.GetAsync($"/procedures/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Mistakes_get_french_problem_details_never_a_500(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app), signIn: false);
        var invalid = await alice.Api.PostAsJsonAsync("/api/v1/procedures", new { collectiveId = alice.CollectiveId, kind = "procès", title = "x", authorityName = "", startOn = "demain", madadaUrl = "http://madada.fr/x" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var problem = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.StartsWith("Choisissez le type de procédure", errors.GetProperty("kind")[0].GetString());
        Assert.Equal("Le titre doit faire entre 3 et 200 caractères.", errors.GetProperty("title")[0].GetString());
        Assert.Contains("AAAA-MM-JJ", errors.GetProperty("startOn")[0].GetString());
        Assert.Contains("https://madada.fr/", errors.GetProperty("madadaUrl")[0].GetString());
        var garbage = await alice.Api.PostAsync("/api/v1/procedures", new StringContent("{ pas du json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Api.PostAsync("/api/v1/procedures/999999/publish", null)).StatusCode);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, object? body) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
