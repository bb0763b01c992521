using Contrevue.Infrastructure.Security;
using System.Net;
using Contrevue.Features.Accounts;
using Contrevue.Tests.Features.Procedures;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 11: a stored file is shown by <c>/fichiers/{sha256}</c> according to what cites it — public
/// things for everyone, things moderators may see for moderators — and never because a private procedure
/// cites it; a procedure's document is served by the procedure's own route, under the procedure's rule.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class FileVisibilityTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_private_procedure_document_is_not_served_by_its_hash_to_anyone_only_by_the_procedure_to_its_members(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var other = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var (_, documentUrl, sha) = await AuthorizationWorld.PrivateProcedureWithDocumentAsync(app, member.Api, member.Browser, member.CollectiveId);
        var moderatorSession = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var adminSession = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderatorApi = TestAccounts.ClientWithToken(app, moderatorToken);

        var byHash = $"/fichiers/{sha}";
        foreach (var (who, client) in new[]
        {
            ("anonyme", app.CreateBrowserlessClient()), ("modération (session TOTP)", moderatorSession.Client),
            ("administration (session TOTP)", adminSession.Client), ("modération (jeton)", moderatorApi),
            ("membre d'un autre collectif", other.Browser.Client), ("membre du collectif (session)", member.Browser.Client),
            ("membre du collectif (jeton)", member.Api),
        })
        {
            var response = await client.GetAsync(byHash);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who} : {(int)response.StatusCode} sur {byHash}");
        }

        // The procedure's route: its members only.
        Assert.Equal(HttpStatusCode.OK, (await member.Browser.Client.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Api.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderatorSession.Client.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderatorApi.GetAsync(documentUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Browser.Client.GetAsync(documentUrl)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_file_follows_what_cites_it_public_for_a_visible_source_moderators_only_for_a_hidden_one_nobody_for_none(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var moderatorSession = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderatorApi = TestAccounts.ClientWithToken(app, moderatorToken);
        var (passwordOnlyModerator, _) = await AuthorizationWorld.SignInWithPasswordOnlyAsync(app, Roles.Moderator);
        var anonymous = app.CreateBrowserlessClient();

        var published = await AuthorizationWorld.StoreFileAsync(app, $"publié {Guid.NewGuid():N}");
        await AuthorizationWorld.CreateDossierAsync(app, "Dossier public", hidden: false, published);
        var inHiddenDossier = await AuthorizationWorld.StoreFileAsync(app, $"masqué {Guid.NewGuid():N}");
        await AuthorizationWorld.CreateDossierAsync(app, "Dossier masqué", hidden: true, inHiddenDossier);
        var hiddenSource = await AuthorizationWorld.StoreFileAsync(app, $"source masquée {Guid.NewGuid():N}");
        await AuthorizationWorld.CreateDossierAsync(app, "Dossier à source masquée", hidden: false, hiddenSource, hideSource: true);
        var uncited = await AuthorizationWorld.StoreFileAsync(app, $"orphelin {Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/fichiers/{published}")).StatusCode);
        foreach (var moderatorsOnly in new[] { inHiddenDossier, hiddenSource })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{moderatorsOnly}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await moderatorSession.Client.GetAsync($"/fichiers/{moderatorsOnly}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await moderatorApi.GetAsync($"/fichiers/{moderatorsOnly}")).StatusCode);
            // Without the second factor the session is not a moderator's.
            Assert.NotEqual(HttpStatusCode.OK, (await passwordOnlyModerator.Client.GetAsync($"/fichiers/{moderatorsOnly}")).StatusCode);
        }
        // Cited by nothing: nobody's to see.
        Assert.Equal(HttpStatusCode.NotFound, (await moderatorSession.Client.GetAsync($"/fichiers/{uncited}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderatorApi.GetAsync($"/fichiers/{uncited}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_same_bytes_cited_by_a_published_source_stay_public_though_a_private_procedure_holds_them_too(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var (_, _, sha) = await AuthorizationWorld.PrivateProcedureWithDocumentAsync(app, member.Api, member.Browser, member.CollectiveId);

        // The collective publishes the answer it received as a source: the file is public by that citation.
        await AuthorizationWorld.CreateDossierAsync(app, "Dossier sourcé", hidden: false, sha);

        var served = await app.CreateBrowserlessClient().GetAsync($"/fichiers/{sha}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("public, max-age=3600", served.Headers.CacheControl?.ToString());
    }
}
