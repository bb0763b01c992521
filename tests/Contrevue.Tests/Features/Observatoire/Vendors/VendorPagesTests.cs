using Contrevue.Infrastructure.Text;
using System.Net;
using System.Text.Json;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Vendors;

[Collection(AppsCollection.Name)]
public sealed class VendorPagesTests(TestApps apps)
{
    private sealed record Seeded(string Suffix, string Acme, string Slug, int ShownDossier, string HiddenTitle);

    /// <summary>The example graph, a shown and a hidden dossier that list the vendor, and its fiche.</summary>
    private static async Task<Seeded> SeedAsync(AppFactory app, bool fictional = false)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var acme = $"ACME VISION {suffix}";
        await VendorGraphImportTests.ImportAsync(app, VendorGraphImportTests.ExampleFile(acme, $"UGAP {suffix}")
            + $"\nEDGE;Intégrateur {suffix};{acme};fournit;source : rapport annuel");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var vendor = await db.Set<Vendor>().SingleAsync(v => v.MatchName == SearchText.Normalize(acme));
        vendor.ParentCompany = "Acme Holding";
        vendor.Country = "France";
        vendor.Website = "https://acme.example";
        vendor.Products = "Vision Pro\nVision Lite";
        vendor.Description = "Analyse d'images.";
        vendor.IsFictional = fictional;
        Dossier NewDossier(string title, bool hidden) => new()
        {
            Slug = SearchText.Slug(title), Title = title, AuthorityKind = AuthorityKind.Commune, AuthorityCode = "42218",
            AuthorityName = "Saint-Étienne", Status = DossierStatus.Deployed, IsHidden = hidden,
            Vendors = [new DossierVendor { VendorId = vendor.Id, Product = "Vision Pro" }],
        };
        var shown = NewDossier($"Micros de la rue {suffix}", hidden: false);
        var hidden = NewDossier($"Dossier masqué {suffix}", hidden: true);
        db.AddRange(shown, hidden);
        await db.SaveChangesAsync();
        return new Seeded(suffix, acme, vendor.Slug, shown.Id, hidden.Title);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_vendor_page_shows_its_fiche_clients_and_relations(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var seeded = await SeedAsync(app);
        var client = app.CreateBrowserlessClient();

        var response = await client.GetAsync($"/observatoire/fournisseurs/{seeded.Slug}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = HtmlText.Visible(html);
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains($"<h1>{seeded.Acme}</h1>", html);
        Assert.Contains("Acme Holding", text);
        Assert.Contains("Vision Pro, Vision Lite", text);
        Assert.Contains("<a href=\"https://acme.example/\" rel=\"noopener noreferrer nofollow\">https://acme.example</a>", html);
        Assert.DoesNotContain("Données fictives", text);
        // Clients: the shown dossier only, with its status; the commune linked by the graph.
        Assert.Contains($"href=\"/observatoire/dossiers/{seeded.ShownDossier}-micros-de-la-rue-{seeded.Suffix}\"", html);
        Assert.Contains("Déployé", text);
        Assert.DoesNotContain(seeded.HiddenTitle, text);
        Assert.Contains("<a href=\"/communes/42218-saint-etienne\">Saint-Étienne</a>", html);
        // Relations, both ways, ends linked when matched, sources linked when they are web addresses.
        Assert.Contains($"<a href=\"/observatoire/fournisseurs/ugap-{seeded.Suffix}\">UGAP {seeded.Suffix}</a>", html);
        Assert.Contains("<a href=\"/communes/42218-saint-etienne\">ville de Saint-Etienne</a>", html);
        Assert.Contains("<a href=\"https://example.org/acme\" rel=\"noopener noreferrer nofollow\">https://example.org/acme</a>", html);
        Assert.Contains($"<a href=\"/observatoire/fournisseurs/integrateur-{seeded.Suffix}\">Intégrateur {seeded.Suffix}</a>", html);
        Assert.Contains("source : rapport annuel", text);
        Assert.DoesNotContain("href=\"source", html);
        Assert.Contains("a pour client À vérifier ville de Saint-Denis", text);
        Assert.DoesNotContain($"<a href=\"/observatoire/fournisseurs/{seeded.Slug}\"", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_fictional_vendor_says_so_and_an_unknown_one_is_not_found(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var seeded = await SeedAsync(app, fictional: true);
        var client = app.CreateBrowserlessClient();

        var text = HtmlText.Visible(await client.GetStringAsync($"/observatoire/fournisseurs/{seeded.Slug}"));
        var unknown = await client.GetAsync("/observatoire/fournisseurs/inconnu-au-bataillon");
        var unknownApi = await client.GetAsync("/api/v1/vendors/inconnu-au-bataillon");

        Assert.Contains("Données fictives (démonstration)", text);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.Equal("application/problem+json", unknownApi.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await unknownApi.Content.ReadAsStringAsync());
        Assert.Equal("Fournisseur introuvable", problem.RootElement.GetProperty("title").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_api_gives_the_vendor_with_codes_clients_and_relations(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var seeded = await SeedAsync(app);
        var client = app.CreateBrowserlessClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/vendors/{seeded.Slug}"));

        var vendor = json.RootElement;
        Assert.Equal(seeded.Slug, vendor.GetProperty("slug").GetString());
        Assert.Equal(seeded.Acme, vendor.GetProperty("name").GetString());
        Assert.Equal("Acme Holding", vendor.GetProperty("parentCompany").GetString());
        Assert.Equal("France", vendor.GetProperty("country").GetString());
        Assert.Equal("https://acme.example", vendor.GetProperty("website").GetString());
        Assert.Equal(["Vision Pro", "Vision Lite"], vendor.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        var dossier = Assert.Single(vendor.GetProperty("clients").GetProperty("dossiers").EnumerateArray());
        Assert.Equal(seeded.ShownDossier, dossier.GetProperty("id").GetInt32());
        Assert.Equal($"micros-de-la-rue-{seeded.Suffix}", dossier.GetProperty("slug").GetString());
        Assert.Equal("deployed", dossier.GetProperty("status").GetString());
        var authority = dossier.GetProperty("authority");
        Assert.Equal(("commune", "42218", "Saint-Étienne"),
            (authority.GetProperty("kind").GetString(), authority.GetProperty("code").GetString(), authority.GetProperty("name").GetString()));
        var commune = Assert.Single(vendor.GetProperty("clients").GetProperty("communes").EnumerateArray());
        Assert.Equal(("42218", "Saint-Étienne"), (commune.GetProperty("code").GetString(), commune.GetProperty("name").GetString()));

        var relations = vendor.GetProperty("relations").EnumerateArray().ToList();
        Assert.Equal(4, relations.Count);
        var ugap = relations.Single(r => r.GetProperty("kind").GetString() == "est fourni par");
        Assert.Equal(seeded.Slug, ugap.GetProperty("subject").GetProperty("vendor").GetString());
        Assert.Equal($"ugap-{seeded.Suffix}", ugap.GetProperty("object").GetProperty("vendor").GetString());
        Assert.False(ugap.GetProperty("object").TryGetProperty("commune", out _));
        Assert.Equal("https://example.org/acme", ugap.GetProperty("source").GetString());
        Assert.False(ugap.GetProperty("needsReview").GetBoolean());
        var saintEtienne = relations.Single(r => r.GetProperty("object").GetProperty("name").GetString() == "ville de Saint-Etienne");
        Assert.Equal("42218", saintEtienne.GetProperty("object").GetProperty("commune").GetString());
        Assert.False(saintEtienne.GetProperty("object").TryGetProperty("vendor", out _));
        var saintDenis = relations.Single(r => r.GetProperty("object").GetProperty("name").GetString() == "ville de Saint-Denis");
        Assert.True(saintDenis.GetProperty("needsReview").GetBoolean());
        Assert.False(saintDenis.GetProperty("object").TryGetProperty("commune", out _));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Vendors_are_listed_alphabetically_and_suggested_by_name(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var seeded = await SeedAsync(app);
        var client = app.CreateBrowserlessClient();

        var list = await client.GetAsync("/observatoire/fournisseurs");
        using var suggestions = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/vendors?q=acme%20vision%20{seeded.Suffix[..4]}"));
        using var all = JsonDocument.Parse(await client.GetStringAsync("/api/v1/vendors?q="));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var html = await list.Content.ReadAsStringAsync();
        Assert.Contains($"<a href=\"/observatoire/fournisseurs/{seeded.Slug}\">{seeded.Acme}</a>", html);
        Assert.True(html.IndexOf($">{seeded.Acme}<", StringComparison.Ordinal) < html.IndexOf($">UGAP {seeded.Suffix}<", StringComparison.Ordinal));
        var item = Assert.Single(suggestions.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("slug").GetString() == seeded.Slug);
        Assert.Equal(seeded.Acme, item.GetProperty("name").GetString());
        Assert.Equal(1, item.GetProperty("dossierCount").GetInt32());
        Assert.InRange(all.RootElement.GetProperty("items").GetArrayLength(), 1, 20);

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/vendors", "/api/v1/vendors/{slug}" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal("Observatoire", get.GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrEmpty(get.GetProperty("summary").GetString()));
        }
    }
}
