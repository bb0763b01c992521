using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;

namespace Contrevue.Tests.Features.Observatoire;

/// <summary>The first proof: a moderator documents a dossier through the pages, the public adds a source, everything shows everywhere.</summary>
[Collection(AppsCollection.Name)]
public sealed class DossierJourneyTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_dossier_created_in_the_pages_gains_a_public_source_after_moderation(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var word = $"Zorglub{Guid.NewGuid():N}"[..16];

        var created = await moderator.SubmitAsync("/observatoire/dossiers/nouveau", new Dictionary<string, string>
        {
            ["Form.Title"] = $"Caméras « intelligentes » à Saint-Étienne {word}",
            ["Form.Summary"] = "Le conseil municipal a voté l'achat de **caméras** <script>alert(1)</script> augmentées.",
            ["Form.AuthorityKind"] = "commune",
            ["Form.AuthorityCode"] = "42218",
            ["Form.Technologies"] = "vsa",
            ["Form.Status"] = "funded",
            ["Form.StatusSince"] = "2024-02-12",
            ["Form.CameraCount"] = "50",
            ["Form.BudgetEur"] = "1 200 000",
            ["Form.Vendors[0].Name"] = "Fournisseur Journey SAS",
            ["Form.Sources[0].Kind"] = "deliberation",
            ["Form.Sources[0].Title"] = "Délibération 2024-07 du conseil municipal",
            ["Form.Sources[0].Url"] = "https://www.saint-etienne.fr/deliberation-2024-07",
            ["Form.Sources[0].Confidence"] = "established",
            ["Form.Sources[1].Kind"] = "article",
            ["Form.Sources[1].Title"] = "La ville s'équipe",
            ["Form.Sources[1].Publisher"] = "Le Progrès",
            ["Form.Sources[1].Url"] = "https://www.leprogres.fr/article-journey",
            ["Form.Sources[1].Confidence"] = "probable",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var dossierPath = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/observatoire/dossiers/", dossierPath, StringComparison.Ordinal);
        var id = int.Parse(dossierPath.Split('/')[^1].Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);

        var anonymous = app.CreateBrowserlessClient();
        var proposed = await anonymous.PostAsJsonAsync($"/api/v1/dossiers/{id}/source-proposals", new
        {
            source = new { kind = "public-contract", title = $"Avis d'attribution du marché {word}", publisher = "BOAMP", url = "https://www.boamp.fr/avis/journey", publishedOn = "2024-05-02" },
            note = "Trouvé sur le BOAMP",
        });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var proposalId = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.DoesNotContain($"Avis d'attribution du marché {word}", await anonymous.GetStringAsync(dossierPath));

        Assert.Contains($"/moderation/sources/{proposalId}", await moderator.Client.GetStringAsync("/moderation"));
        var review = await moderator.Client.GetStringAsync($"/moderation/sources/{proposalId}");
        Assert.Contains("BOAMP", review);
        var approved = await moderator.SubmitAsync($"/moderation/sources/{proposalId}", new Dictionary<string, string>
        {
            ["Form.Kind"] = "public-contract",
            ["Form.Title"] = $"Avis d'attribution du marché {word}",
            ["Form.Publisher"] = "BOAMP",
            ["Form.Url"] = "https://www.boamp.fr/avis/journey",
            ["Form.PublishedOn"] = "2024-05-02",
            ["Form.Confidence"] = "established",
        }, $"/moderation/sources/{proposalId}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var page = HtmlText.Visible(await anonymous.GetStringAsync(dossierPath));
        Assert.Contains("Délibération 2024-07 du conseil municipal", page);
        Assert.Contains("La ville s'équipe", page);
        Assert.Contains($"Avis d'attribution du marché {word}", page);
        Assert.Contains("Voté / financé", page);
        Assert.Contains("1 200 000", page.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.DoesNotContain("<script>alert(1)</script>", await anonymous.GetStringAsync(dossierPath));

        var commune = await anonymous.GetStringAsync("/communes/42218-saint-etienne");
        Assert.Contains(word, commune);

        using var api = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/dossiers/{id}"));
        var sources = api.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("title").GetString()).ToList();
        Assert.Equal(3, sources.Count);
        Assert.Contains($"Avis d'attribution du marché {word}", sources);
        Assert.Equal("funded", api.RootElement.GetProperty("status").GetString());
        Assert.Equal(1_200_000, api.RootElement.GetProperty("budgetEur").GetInt64());

        var csvBytes = await anonymous.GetByteArrayAsync($"/api/v1/dossiers.csv?q={word}");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csvBytes[..3]);
        var rows = new System.Text.UTF8Encoding(false).GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.Contains($"Caméras « intelligentes » à Saint-Étienne {word}", rows[1]);
        Assert.Contains("Délibération 2024-07 du conseil municipal", rows[1]);
        Assert.Contains("La ville s'équipe", rows[1]);
        Assert.Contains($"Avis d'attribution du marché {word}", rows[1]);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_form_with_mistakes_comes_back_with_French_errors_and_the_input_kept(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await TestAccounts.SignInWithTotpAsync(app, Roles.Member);

        var refused = await member.SubmitAsync("/observatoire/dossiers/nouveau", new Dictionary<string, string>
        {
            ["Form.Title"] = "Un titre à garder",
            ["Form.AuthorityKind"] = "commune",
            ["Form.AuthorityCode"] = "42218",
            ["Form.Status"] = "deployed",
            ["Form.CameraCount"] = "beaucoup",
            ["Form.Sources[0].Title"] = "Source sans adresse",
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        var text = HtmlText.Visible(html);
        Assert.Contains("Nombre de caméras : Le nombre de caméras est un nombre entier.", text);
        Assert.Contains("value=\"Un titre à garder\"", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("value=\"beaucoup\"", html);
    }
}
