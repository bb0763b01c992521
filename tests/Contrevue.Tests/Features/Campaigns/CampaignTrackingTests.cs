using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Tests.Features.Observatoire;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>"I sent it", the answers and where a territory stands, through the API.</summary>
[Collection(AppsCollection.Name)]
public sealed class CampaignTrackingTests(TestApps apps)
{
    private const string Api = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville";

    private static string Today => Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd");

    private static string DaysAgo(int days) => Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).AddDays(-days).ToString("yyyy-MM-dd");

    private static async Task<JsonElement> StatusAsync(HttpClient client, string territory)
    {
        var response = await client.GetAsync($"{Api}/territories/{territory}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_request_then_a_commitment_move_the_status_and_a_later_VSA_deployment_contradicts_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var visitor = app.CreateBrowserlessClient();
        const string grenoble = "38185";

        var before = await StatusAsync(visitor, grenoble);
        Assert.Equal("never-asked", before.GetProperty("status").GetString());
        Assert.Equal(0, before.GetProperty("requests").GetInt32());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("firstAskedOn").ValueKind);
        Assert.False(before.GetProperty("contradiction").GetBoolean());

        var sent = await visitor.PostAsJsonAsync($"{Api}/requests", new { territory = grenoble, sentOn = DaysAgo(10), channel = "registered-post", receivedOn = DaysAgo(8), publicName = "Collectif Technopolice Grenoble", contactEmail = "privee@example.org" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var sentBody = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("commune:38185", sentBody.GetProperty("territory").GetString());
        Assert.Equal("registered-post", sentBody.GetProperty("channel").GetString());
        Assert.True(sentBody.GetProperty("followUp").GetBoolean());
        Assert.DoesNotContain("privee@example.org", sentBody.GetRawText());

        var asked = await StatusAsync(visitor, grenoble);
        Assert.Equal("asked-no-answer", asked.GetProperty("status").GetString());
        Assert.Equal(1, asked.GetProperty("requests").GetInt32());
        Assert.Equal(DaysAgo(10), asked.GetProperty("firstAskedOn").GetString());
        Assert.Equal(10, asked.GetProperty("daysWithoutAnswer").GetInt32());
        Assert.DoesNotContain("privee@example.org", asked.GetRawText());

        var commitment = DaysAgo(5);
        var answered = await moderator.PostAsJsonAsync($"{Api}/responses", new
        {
            territory = $"commune:{grenoble}",
            respondedOn = commitment,
            kind = "committed",
            quote = "La Ville de Grenoble s'engage à ne pas recourir à la vidéosurveillance algorithmique.",
            sourceUrl = "https://www.grenoble.fr/reponse-vsa",
        });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal("published", JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var committed = await StatusAsync(visitor, grenoble);
        Assert.Equal("committed", committed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, committed.GetProperty("daysWithoutAnswer").ValueKind);
        var reply = Assert.Single(committed.GetProperty("responses").EnumerateArray());
        Assert.Equal("committed", reply.GetProperty("kind").GetString());
        Assert.Equal(commitment, reply.GetProperty("respondedOn").GetString());
        Assert.Equal("Équipe de modération", reply.GetProperty("reportedBy").GetString());
        Assert.False(committed.GetProperty("contradiction").GetBoolean());

        // A VSA project deployed *before* the commitment does not contradict it…
        var old = DossierApiTests.VsaDossier("VSA ancienne à Grenoble");
        var oldJson = JsonSerializer.SerializeToNode(old)!.AsObject();
        oldJson["authority"] = JsonSerializer.SerializeToNode(new { kind = "commune", code = grenoble });
        oldJson["statusSince"] = DaysAgo(400);
        Assert.Equal(HttpStatusCode.Created, (await moderator.PostAsJsonAsync("/api/v1/dossiers", oldJson)).StatusCode);
        Assert.False((await StatusAsync(visitor, grenoble)).GetProperty("contradiction").GetBoolean());

        // …one deployed after it does.
        var later = JsonSerializer.SerializeToNode(DossierApiTests.VsaDossier("VSA à Grenoble malgré l'engagement"))!.AsObject();
        later["authority"] = JsonSerializer.SerializeToNode(new { kind = "commune", code = grenoble });
        later["statusSince"] = DaysAgo(1);
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", later);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dossierId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var contradicted = await StatusAsync(visitor, grenoble);
        Assert.Equal("committed", contradicted.GetProperty("status").GetString());
        Assert.True(contradicted.GetProperty("contradiction").GetBoolean());
        var contradiction = Assert.Single(contradicted.GetProperty("contradictingDossiers").EnumerateArray());
        Assert.Equal(dossierId, contradiction.GetProperty("dossierId").GetInt32());
        Assert.Equal("deployed", contradiction.GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_answer_reported_by_the_public_counts_only_once_a_moderator_approves_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var visitor = app.CreateBrowserlessClient();
        const string dijon = "21231";

        Assert.Equal(HttpStatusCode.Created, (await visitor.PostAsJsonAsync($"{Api}/requests", new { territory = dijon, sentOn = DaysAgo(3), channel = "email" })).StatusCode);
        var reported = await visitor.PostAsJsonAsync($"{Api}/responses", new
        {
            territory = dijon, respondedOn = Today, kind = "refused", quote = "La municipalité ne souhaite pas prendre d'engagement à ce stade.", reportedBy = "Lou",
        });
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        var proposal = JsonDocument.Parse(await reported.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("pending", proposal.GetProperty("status").GetString());
        Assert.Equal("asked-no-answer", (await StatusAsync(visitor, dijon)).GetProperty("status").GetString());

        var approved = await moderator.PostAsJsonAsync($"/api/v1/moderation/{proposal.GetProperty("id").GetInt32()}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var status = await StatusAsync(visitor, dijon);
        Assert.Equal("refused", status.GetProperty("status").GetString());
        Assert.Equal("Lou", status.GetProperty("responses")[0].GetProperty("reportedBy").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_attaches_the_reply_which_is_served_only_once_the_answer_is_published(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, memberToken);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);
        const string strasbourg = "67482";

        using var form = new MultipartFormDataContent();
        var scan = new ByteArrayContent(Observatoire.Files.TestFiles.Pdf("réponse de la mairie de Strasbourg"));
        scan.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(scan, "file", "reponse-strasbourg.pdf");
        var uploaded = await member.PostAsync("/api/v1/files", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var sha = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("sha256").GetString();

        var reported = await member.PostAsJsonAsync($"{Api}/responses", new { territory = strasbourg, respondedOn = Today, kind = "committed", fileSha256 = sha });
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync($"/fichiers/{sha}")).StatusCode);

        var proposalId = JsonDocument.Parse(await reported.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"/api/v1/moderation/{proposalId}/approve", new { })).StatusCode);

        var status = await StatusAsync(app.CreateBrowserlessClient(), strasbourg);
        Assert.Equal("committed", status.GetProperty("status").GetString());
        Assert.Equal($"/fichiers/{sha}", status.GetProperty("responses")[0].GetProperty("fileUrl").GetString());
        var served = await app.CreateBrowserlessClient().GetAsync($"/fichiers/{sha}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Mistakes_get_clear_French_errors_and_nothing_is_recorded(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        const string tours = "37261";

        async Task<JsonElement> ErrorsAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.BadRequest)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return body.TryGetProperty("errors", out var errors) ? errors : body;
        }

        var wrong = await ErrorsAsync(await visitor.PostAsJsonAsync($"{Api}/requests", new
        {
            territory = tours, sentOn = DaysAgo(-3), channel = "pigeon", receivedOn = Today, publicName = "Nom\nsur deux lignes",
        }));
        Assert.Contains("futur", wrong.GetProperty("sentOn")[0].GetString());
        Assert.Contains("Moyen d'envoi inconnu « pigeon »", wrong.GetProperty("channel")[0].GetString());
        Assert.Contains("registered-post", wrong.GetProperty("channel")[0].GetString());
        Assert.Contains("recommandée", wrong.GetProperty("receivedOn")[0].GetString());
        Assert.Contains("retour à la ligne", wrong.GetProperty("publicName")[0].GetString());

        var badDate = await ErrorsAsync(await visitor.PostAsJsonAsync($"{Api}/requests", new { territory = tours, sentOn = "12/11/2026", channel = "post", contactEmail = "pas-une-adresse" }));
        Assert.Contains("AAAA-MM-JJ", badDate.GetProperty("sentOn")[0].GetString());
        Assert.Equal("Adresse e-mail invalide.", badDate.GetProperty("contactEmail")[0].GetString());

        var unknown = await ErrorsAsync(await visitor.PostAsJsonAsync($"{Api}/requests", new { territory = "99999", sentOn = Today, channel = "post" }));
        Assert.Contains("Territoire inconnu", unknown.GetProperty("territory")[0].GetString());
        var level = await ErrorsAsync(await visitor.PostAsJsonAsync($"{Api}/requests", new { territory = "departement:37", sentOn = Today, channel = "post" }));
        Assert.Contains("ne s'adresse pas", level.GetProperty("territory")[0].GetString());

        // Public writes are limited per client: a second instance gives this test a fresh allowance.
        await using var second = new AppFactory(app.Database, ownsDatabase: false);
        visitor = second.CreateBrowserlessClient();
        var noTrace = await ErrorsAsync(await visitor.PostAsJsonAsync($"{Api}/responses", new { territory = tours, respondedOn = Today, kind = "committed" }));
        Assert.Contains("Citez la réponse ou joignez-la", noTrace.GetProperty("quote")[0].GetString());
        var publicFile = await ErrorsAsync(await visitor.PostAsJsonAsync($"{Api}/responses", new { territory = tours, respondedOn = Today, kind = "maybe", fileSha256 = new string('a', 64) }));
        Assert.Contains("réservé aux membres", publicFile.GetProperty("fileSha256")[0].GetString());
        Assert.Contains("committed, partial, refused, evasive", publicFile.GetProperty("kind")[0].GetString());

        var missingCampaign = await visitor.PostAsJsonAsync("/api/v1/campaigns/inconnue/requests", new { territory = tours, sentOn = Today, channel = "post" });
        Assert.Equal(HttpStatusCode.NotFound, missingCampaign.StatusCode);
        var notJson = await visitor.PostAsync($"{Api}/requests", new StringContent("{ pas du json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"{Api}/territories/99999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.GetAsync($"{Api}/territories/n'importe-quoi")).StatusCode);

        Assert.Equal("never-asked", (await StatusAsync(visitor, tours)).GetProperty("status").GetString());
    }
}
