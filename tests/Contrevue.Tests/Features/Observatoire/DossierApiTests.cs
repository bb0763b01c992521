using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;

namespace Contrevue.Tests.Features.Observatoire;

[Collection(AppsCollection.Name)]
public sealed class DossierApiTests(TestApps apps)
{
    public static object VsaDossier(string title, string? authorizationIssuedOn = "2019-03-01") => new
    {
        title,
        summary = "La ville a voté l'achat d'un logiciel d'**analyse automatique** des images.",
        authority = new { kind = "commune", code = "42218" },
        technologies = new[] { "vsa", "video-verbalisation" },
        vendors = new[] { new { name = "Vision Exemple SAS", product = "Analyse 3000" } },
        status = "deployed",
        statusSince = "2023-06-15",
        cameraCount = 120,
        budgetEur = 450000,
        funders = new[] { new { kind = "state", name = "FIPD", amountEur = 150000 } },
        authorization = authorizationIssuedOn is null ? null : new { number = "2019/042", issuedOn = authorizationIssuedOn, coversVideoVerbalisation = false },
        sources = new object[]
        {
            new { kind = "deliberation", title = "Délibération du conseil municipal n° 2023-112", publisher = "Ville de Saint-Étienne", url = "https://www.saint-etienne.fr/deliberations/2023-112", publishedOn = "2023-05-10", confidence = "established" },
            new { kind = "article", title = "Saint-Étienne déploie la VSA", publisher = "Le Progrès", url = "https://www.leprogres.fr/exemple", publishedOn = "2023-06-16", confidence = "probable", facts = new[] { "status", "camera-count" } },
        },
    };

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_creates_a_dossier_that_carries_its_computed_flags(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", VsaDossier("VSA à Saint-Étienne"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetInt32();
        using var read = JsonDocument.Parse(await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/dossiers/{id}"));
        var dossier = read.RootElement;
        Assert.Equal("Saint-Étienne", dossier.GetProperty("authority").GetProperty("name").GetString());
        Assert.Equal("deployed", dossier.GetProperty("status").GetString());
        Assert.Equal("2024-03-01", dossier.GetProperty("authorization").GetProperty("expiresOn").GetString());
        var flags = dossier.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("authorization-expired", flags);
        Assert.Contains("video-verbalisation-without-authorization", flags);
        Assert.Contains("vsa-outside-experimentation", flags);
        Assert.Equal(2, dossier.GetProperty("sources").GetArrayLength());
        Assert.Equal("vision-exemple-sas", dossier.GetProperty("vendors")[0].GetProperty("slug").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Invalid_dossiers_are_refused_field_by_field_in_French(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        var refused = await moderator.PostAsJsonAsync("/api/v1/dossiers", new
        {
            title = "",
            authority = new { kind = "commune", code = "99999" },
            technologies = new[] { "telepathy" },
            status = "rumoured",
            authorization = new { issuedOn = "2019-02-30" },
            sources = new[] { new { kind = "article", title = "Sans adresse" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("titre", errors.GetProperty("title")[0].GetString());
        Assert.Contains("Territoire inconnu", errors.GetProperty("authority.code")[0].GetString());
        Assert.Contains("telepathy", errors.GetProperty("technologies[0]")[0].GetString());
        Assert.Contains("rumoured", errors.GetProperty("status")[0].GetString());
        Assert.Contains("Date invalide", errors.GetProperty("authorization.issuedOn")[0].GetString());
        Assert.Contains("adresse web", errors.GetProperty("sources[0].url")[0].GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_moderators_write_dossiers(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/dossiers", VsaDossier("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync("/api/v1/dossiers", VsaDossier("x"))).StatusCode);
    }
}
