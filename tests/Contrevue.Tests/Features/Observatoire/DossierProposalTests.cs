using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;

namespace Contrevue.Tests.Features.Observatoire;

/// <summary>The public proposes a whole dossier; it is public only once a moderator approves it.</summary>
[Collection(AppsCollection.Name)]
public sealed class DossierProposalTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proposed_dossier_is_published_after_approval_and_credited_to_the_public(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var word = $"Proposé{Guid.NewGuid():N}"[..16];

        var proposed = await anonymous.PostAsJsonAsync("/api/v1/dossier-proposals", new
        {
            dossier = new
            {
                title = $"Drones au-dessus du marché {word}",
                authority = new { kind = "commune", code = "42095" },
                technologies = new[] { "drones" },
                status = "announced",
                statusSince = "2025-09-01",
                sources = new[] { new { kind = "article", title = "Des drones pour le marché", url = "https://example.org/drones" } },
            },
            note = "Annoncé en conseil municipal",
        });

        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var proposalId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.DoesNotContain(word, await anonymous.GetStringAsync("/communes/42095-firminy"));
        Assert.DoesNotContain(word, await anonymous.GetStringAsync($"/api/v1/dossiers?q={word}"));

        using (var queue = JsonDocument.Parse(await moderator.GetStringAsync("/api/v1/moderation/queue?territory=42095")))
        {
            var item = queue.RootElement.EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == proposalId);
            Assert.Equal("dossier", item.GetProperty("kind").GetString());
            Assert.Contains(word, item.GetProperty("data").GetProperty("title").GetString());
        }
        var approved = await moderator.PostAsync($"/api/v1/moderation/{proposalId}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var list = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers?q={word}"));
        var dossier = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("Firminy", dossier.GetProperty("authority").GetProperty("name").GetString());
        Assert.Contains(word, await anonymous.GetStringAsync("/communes/42095-firminy"));
        using var history = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossier.GetProperty("id").GetInt32()}/history"));
        var creation = history.RootElement.GetProperty("items").EnumerateArray().Last();
        Assert.Equal(proposalId, creation.GetProperty("author").GetProperty("proposalId").GetInt32());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proposal_with_mistakes_or_files_is_refused_in_French(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var refused = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/dossier-proposals", new
        {
            dossier = new
            {
                title = "Sans technologie",
                authority = new { kind = "commune", code = "42095" },
                status = "announced",
                sources = new[] { new { kind = "article", title = "Un fichier", sha256 = new string('a', 64) } },
            },
            contributorEmail = "pas-une-adresse",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("réservé aux membres", errors.GetProperty("dossier.sources[0].sha256")[0].GetString());
        Assert.Contains("technologie", errors.GetProperty("dossier.technologies")[0].GetString());
        Assert.Equal("Adresse e-mail invalide.", errors.GetProperty("contributorEmail")[0].GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_public_form_sends_a_proposal_that_a_moderator_publishes_from_its_review_page(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        var word = $"Formulaire{Guid.NewGuid():N}"[..18];
        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = $"Capteurs sonores place du Peuple {word}",
            ["Form.AuthorityKind"] = "commune",
            ["Form.AuthorityCode"] = "42218",
            ["Form.Technologies"] = "sound-sensors",
            ["Form.Status"] = "deployed",
            ["Form.StatusSince"] = "2025-01-15",
            ["Form.Sources[0].Kind"] = "article",
            ["Form.Sources[0].Title"] = "Des micros dans la rue",
            ["Form.Sources[0].Url"] = "https://example.org/micros",
        };

        var sent = await visitor.SubmitAsync("/observatoire/proposer?territoire=42218", fields);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith("/proposer/merci", sent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var queue = await moderator.Client.GetStringAsync("/moderation");
        // The queue is shared with other tests: the proposal is the one whose review page shows this test's word.
        string? reviewPath = null;
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(queue, @"/moderation/dossiers/\d+"))
        {
            if ((await moderator.Client.GetStringAsync(match.Value)).Contains(word, StringComparison.Ordinal))
            {
                reviewPath = match.Value;
            }
        }
        Assert.NotNull(reviewPath);

        fields["Form.Title"] = $"Capteurs sonores, place du Peuple {word}";
        var approved = await moderator.SubmitAsync(reviewPath, fields, $"{reviewPath}?handler=Approve");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains($"Capteurs sonores, place du Peuple {word}", await app.CreateBrowserlessClient().GetStringAsync("/communes/42218-saint-etienne"));
    }
}
