using System.Net;
using System.Text.RegularExpressions;
using Contrevue.Features.Kit;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Kit;

/// <summary>The public proposes a resource for the kit by a link at /kit/proposer; it enters the kit only once a moderator accepts it.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class KitProposalTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proposed_resource_enters_the_kit_pending_once_a_moderator_accepts_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "100" }, ownsDatabase: false);
        var word = $"Tract{Guid.NewGuid():N}"[..14];
        var email = $"kit-{Guid.NewGuid():N}@example.org";

        var refused = await Propose(app, word, email, link: "javascript:alert(1)");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("adresse complète", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        var unknownKind = await Propose(app, word, email, kind: "poster-geant");
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.Contains("Type de ressource inconnu", HtmlText.Visible(await unknownKind.Content.ReadAsStringAsync()));

        var sent = await Propose(app, word, email);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/proposer/merci?statut=awaiting-confirmation", sent.Headers.Location!.OriginalString);
        await ConfirmAsync(app, email);
        int proposalId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            proposalId = await db.Set<Proposal>().Where(p => p.Kind == "kit-resource" && p.Data.Contains(word)).Select(p => p.Id).SingleAsync();
            Assert.False(await db.Set<KitResource>().AnyAsync(r => r.Title.Contains(word)));
        }

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/kit/{proposalId}";
        Assert.Contains(reviewPath, await moderator.Client.GetStringAsync("/moderation"));
        Assert.Contains("https://collectif.example.org/tract.pdf", HtmlText.Visible(await moderator.Client.GetStringAsync(reviewPath)));
        var approved = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string>(), $"{reviewPath}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var resource = await db.Set<KitResource>().SingleAsync(r => r.Title.Contains(word));
            Assert.Equal(KitStatus.Pending, resource.Status);
            Assert.Equal("leaflet", resource.Kind);
            Assert.Contains("https://collectif.example.org/tract.pdf", resource.Description);
            // Pending: listed for the moderators on /kit, not for the public.
            Assert.Contains(resource.PagePath, await moderator.Client.GetStringAsync("/kit"));
            Assert.DoesNotContain(word, await app.CreateBrowserlessClient().GetStringAsync("/kit"));
            Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync(resource.PagePath)).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> Propose(AppFactory app, string word, string email, string link = "https://collectif.example.org/tract.pdf", string kind = "leaflet") =>
        new FormSession(app.CreateBrowserlessClient()).SubmitAsync("/kit/proposer", new Dictionary<string, string>
        {
            ["Title"] = $"Tract du collectif {word}",
            ["Kind"] = kind,
            ["Link"] = link,
            ["Description"] = "Un tract recto-verso pour les marchés.",
            ["ProposedBy"] = "Collectif Stop VSA Loire",
            ["Departement"] = "42",
            ["ContributorEmail"] = email,
        });

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

    [GeneratedRegex(@"/proposer/confirmer\?jeton=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmationToken();
}
