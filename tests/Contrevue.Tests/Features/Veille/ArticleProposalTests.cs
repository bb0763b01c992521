using System.Net;
using System.Text.RegularExpressions;
using Contrevue.Features.Moderation;
using Contrevue.Features.Veille;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Veille;

/// <summary>Members publish directly through the form; the public proposes, and nothing is public until a moderator accepts.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class ArticleProposalTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proposed_article_is_public_nowhere_until_a_moderator_accepts_it(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var anonymous = app.CreateBrowserlessClient();
        var word = VeilleWorld.Word("Propose");
        var email = $"veille-{Guid.NewGuid():N}@example.org";
        var publicReads = new[] { "/veille", "/api/v1/articles", "/veille/flux.atom", "/veille/flux.atom?territoire=42218", "/communes/42218-saint-etienne" };
        foreach (var read in publicReads)
        {
            Assert.DoesNotContain(word, await anonymous.GetStringAsync(read));
        }

        var sent = await ProposeAsync(app, word, email);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/proposer/merci?statut=awaiting-confirmation", sent.Headers.Location!.OriginalString);
        var proposalId = await ProposalIdAsync(app, word);
        await ConfirmAsync(app, email);
        foreach (var read in publicReads)
        {
            Assert.DoesNotContain(word, await anonymous.GetStringAsync(read));
        }

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/veille/{proposalId}";
        Assert.Contains(reviewPath, await moderator.Client.GetStringAsync("/moderation"));
        var review = HtmlText.Visible(await moderator.Client.GetStringAsync(reviewPath));
        Assert.Contains(word, review);
        // The moderator reads the canonical address, trackers gone.
        Assert.Contains($"https://www.francebleu.fr/infos/societe/{word}", review);
        Assert.DoesNotContain("utm_source", review);

        var approved = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string>(), $"{reviewPath}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        foreach (var read in publicReads)
        {
            Assert.Contains(word, await anonymous.GetStringAsync(read));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_moderator_accepts_or_corrects_the_territories_the_article_names(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var word = VeilleWorld.Word("Suggere");
        var email = $"veille-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(app, word, email, new()
        {
            ["Form.Title"] = $"Vidéosurveillance algorithmique : Montpellier et Sète s'équipent {word}",
            ["Form.Summary"] = "Comme à Saint-Denis, les caméras analyseront les foules.",
            ["Form.Territories"] = "departement:34",
        })).StatusCode);
        var proposalId = await ProposalIdAsync(app, word);
        await ConfirmAsync(app, email);

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/veille/{proposalId}";
        var page = WebUtility.HtmlDecode(await moderator.Client.GetStringAsync(reviewPath));
        // The proposer's département, then Montpellier (34172) and Sète (34301) that the title names for sure, by name and code.
        Assert.Contains(">Hérault (departement:34), Montpellier (34172), Sète (34301)</textarea>", page);
        // Saint-Denis is left to the moderator, its candidates named with their département, « none » chosen until they say.
        var visible = HtmlText.Visible(page);
        Assert.Contains("L'article nomme « Saint-Denis » : s'agit-il de l'un de ces territoires ?", visible);
        Assert.Contains("Seine-Saint-Denis (93)", visible);
        Assert.Contains("La Réunion (974)", visible);
        Assert.Contains("name=\"SuggestedPicks[0].Value\" value=\"Saint-Denis (93066)\"", page);
        Assert.Contains("name=\"SuggestedPicks[0].Value\" value=\"\" checked", page);

        // A homonym typed by the moderator is asked back: nothing is published, nothing typed is lost.
        var asked = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string>
        {
            ["Territories"] = "Hérault, Sète, Saint-Martin", ["SuggestedPicks[0].Entry"] = "Saint-Denis", ["SuggestedPicks[0].Value"] = "",
        }, $"{reviewPath}?handler=Approve");
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var askedPage = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("« Saint-Martin » : plusieurs territoires portent ce nom. Lequel ?", HtmlText.Visible(askedPage));
        Assert.Contains("name=\"Picks[0].Value\" value=\"Saint-Martin (", askedPage);
        Assert.Contains(">Hérault, Sète, Saint-Martin</textarea>", askedPage);
        Assert.DoesNotContain(word, await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/articles?q={word}"));

        // The article is about Sète, and Saint-Denis in Seine-Saint-Denis: the moderator removes Montpellier, by names.
        var approved = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string>
        {
            ["Territories"] = "Hérault, Sète", ["SuggestedPicks[0].Entry"] = "Saint-Denis", ["SuggestedPicks[0].Value"] = "Saint-Denis (93066)",
        }, $"{reviewPath}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var listed = await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/articles?q={word}");
        Assert.Contains("34301", listed);
        Assert.Contains("departement:34", listed);
        Assert.Contains("93066", listed);
        Assert.DoesNotContain("34172", listed);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Approving_reads_the_proposal_once_even_when_the_publication_fails(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string>
        {
            ["Abuse:UnverifiedPerMinute"] = "100",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        }, ownsDatabase: false);
        var word = VeilleWorld.Word("Relue");
        var email = $"relue-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(app, word, email)).StatusCode);
        var proposalId = await ProposalIdAsync(app, word);
        await ConfirmAsync(app, email);
        // Meanwhile a member adds the same article: the publication will fail.
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word, url: $"https://www.francebleu.fr/infos/societe/{word}"));
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/veille/{proposalId}";
        int Reads() => app.Logs.Lines.Count(line => ReadOfAProposal().IsMatch(line));

        var before = Reads();
        var refused = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Territories"] = "Saint-Étienne" }, $"{reviewPath}?handler=Approve");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Cette adresse est déjà celle d'un article de la veille : refusez la proposition.", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        // The form's page (GET), then the post: the page reads it once, the decision once (to update it); not again to show the error.
        Assert.True(Reads() - before == 3, string.Join("\n", app.Logs.Lines.Where(line => ReadOfAProposal().IsMatch(line)).Skip(before)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_refused_proposal_never_becomes_an_article_and_bad_proposals_get_french_errors(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var word = VeilleWorld.Word("Refuse");
        var email = $"refus-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(app, word, email)).StatusCode);
        var proposalId = await ProposalIdAsync(app, word);
        await ConfirmAsync(app, email);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/veille/{proposalId}";
        var refused = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Reason"] = "Hors sujet." }, $"{reviewPath}?handler=Reject");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            Assert.False(await db.Set<Article>().AnyAsync(a => a.Title.Contains(word)));
            var decided = await db.Set<Proposal>().SingleAsync(p => p.Id == proposalId);
            Assert.Equal(ProposalStatus.Rejected, decided.Status);
            Assert.DoesNotContain("Le maire", decided.Data);
        }

        var wrong = await ProposeAsync(app, word, "", new()
        {
            ["Form.Url"] = "javascript:alert(1)",
            ["Form.PublishedOn"] = "2999-01-01",
            ["Form.Territories"] = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var text = HtmlText.Visible(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("L'adresse de l'article est une adresse web complète en http ou https", text);
        Assert.Contains("La date de publication va du 1er janvier 1990", text);
        Assert.Contains("Indiquez votre adresse e-mail", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_publishes_through_the_form_at_once_and_a_second_entry_names_the_first(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var word = VeilleWorld.Word("Membre");
        var fields = Fields(word);
        fields.Remove("ContributorEmail");

        var published = await member.Browser.SubmitAsync("/veille/nouveau", fields);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var page = published.Headers.Location!.OriginalString;
        Assert.StartsWith("/veille/", page);
        Assert.Contains(word, HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync("/veille")));

        fields["Form.Url"] = $"https://www.francebleu.fr/infos/societe/{word}?fbclid=autre";
        var again = await member.Browser.SubmitAsync("/veille/nouveau", fields);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("Cet article est déjà dans la veille", HtmlText.Visible(html));
        Assert.Contains($"href=\"{page}\"", html);
        // The public is told too, before anything is stored.
        var proposed = await ProposeAsync(app, word, "doublon@example.org");
        Assert.Equal(HttpStatusCode.Conflict, proposed.StatusCode);
        Assert.Contains($"href=\"{page}\"", await proposed.Content.ReadAsStringAsync());
        // Not for anonymous visitors.
        var anonymous = await app.CreateBrowserlessClient().GetAsync("/veille/nouveau");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/connexion", anonymous.Headers.Location!.OriginalString);
    }

    private async Task<AppFactory> NewAppAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "100" }, ownsDatabase: false);

    private static Dictionary<string, string> Fields(string word) => new()
    {
        ["Form.Url"] = $"https://www.francebleu.fr/infos/societe/{word}?utm_source=twitter&utm_medium=social",
        ["Form.Title"] = $"Des caméras algorithmiques à Saint-Étienne {word}",
        ["Form.Outlet"] = "France Bleu",
        ["Form.Author"] = "",
        ["Form.PublishedOn"] = "2026-11-02",
        ["Form.Summary"] = "Le maire défend le projet.",
        ["Form.Territories"] = "42218, departement:42",
        ["Form.Tags"] = "vsa, caméras",
        ["Form.Dossiers"] = "",
        ["ContributorEmail"] = "",
    };

    private static Task<HttpResponseMessage> ProposeAsync(AppFactory app, string word, string email, Dictionary<string, string>? changes = null)
    {
        var fields = Fields(word);
        fields["ContributorEmail"] = email;
        foreach (var (key, value) in changes ?? [])
        {
            fields[key] = value;
        }
        return new FormSession(app.CreateBrowserlessClient()).SubmitAsync("/veille/proposer", fields);
    }

    private static async Task<int> ProposalIdAsync(AppFactory app, string word)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.Set<Proposal>().Where(p => p.Kind == "article" && p.Data.Contains(word)).Select(p => p.Id).SingleAsync();
    }

    /// <summary>Follows the confirmation e-mail's link and presses its button, as the proposer would.</summary>
    private static async Task ConfirmAsync(AppFactory app, string email)
    {
        string body;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            body = await db.OutboxMessages.Where(m => m.Recipient == email).OrderByDescending(m => m.Id).Select(m => m.TextBody).FirstAsync();
        }
        var token = ConfirmationToken().Match(body);
        Assert.True(token.Success, body);
        var path = $"/proposer/confirmer?jeton={token.Groups[1].Value}";
        var confirmed = await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(path, new Dictionary<string, string> { ["jeton"] = token.Groups[1].Value });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
    }

    /// <summary>EF's log of a query of one proposal by its id (SQLite quotes the table's name, PostgreSQL does not).</summary>
    [GeneratedRegex(@"FROM ""?proposals""? AS ""?p""?\s+WHERE ""?p""?\.""Id"" = @")]
    private static partial Regex ReadOfAProposal();

    [GeneratedRegex(@"/proposer/confirmer\?jeton=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmationToken();
}
