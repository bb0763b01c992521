using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Kit;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Contrevue.Tests.Features.Kit;

/// <summary>The campaign kit through its API and pages, on each provider, with Debian's pdftoppm rendering previews.</summary>
[Collection(AppsCollection.Name)]
public sealed class KitTests(TestApps apps)
{
    private async Task<AppFactory> AppAsync(DatabaseProvider provider, Dictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string> { ["Site:PublicUrl"] = KitWorld.PublicUrl };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        return new AppFactory((await apps.GetAsync(provider)).Database, settings, ownsDatabase: false);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_pdf_brochure_in_two_versions_has_real_png_previews_of_its_first_pages_and_counts_its_downloads(DatabaseProvider provider)
    {
        Assert.True(File.Exists("/usr/bin/pdftoppm"), "poppler-utils (pdftoppm) must be installed: test.sh installs it");
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();

        var created = await KitWorld.CreateAsync(moderator, KitWorld.Resource());
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal("published", created.GetProperty("status").GetString());
        Assert.Equal("cc-by-sa-4.0", created.GetProperty("licence").GetString());
        Assert.Equal("La campagne", created.GetProperty("author").GetProperty("name").GetString());

        var first = KitWorld.Pdf(new SKColor(0x10, 0x20, 0xC0), "Version 1");
        var second = KitWorld.Pdf(new SKColor(0xE0, 0x10, 0x10), "Version 2");
        Assert.Equal(HttpStatusCode.Created, (await KitWorld.AddVersionAsync(moderator, id, "Première édition", (first, "brochure.pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await KitWorld.AddVersionAsync(moderator, id, "Chiffres de 2027 corrigés", (second, "brochure-v2.pdf"))).StatusCode);

        // Anonymous reads: versions newest first, absolute links from the configuration, not from the Host asked.
        var document = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/kit/{id}")).RootElement;
        Assert.StartsWith(KitWorld.PublicUrl + $"/kit/{id}-brochure-pas-de-vsa-dans-ma-ville", document.GetProperty("url").GetString());
        var versions = document.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(new[] { 2, 1 }, versions.Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("Chiffres de 2027 corrigés", versions[0].GetProperty("changelog").GetString());
        var previews = new List<byte[]>();
        var downloads = new List<(string Path, string Sha256)>();
        foreach (var version in versions)
        {
            var file = Assert.Single(version.GetProperty("files").EnumerateArray());
            Assert.Equal("application/pdf", file.GetProperty("mediaType").GetString());
            Assert.Equal(64, file.GetProperty("sha256").GetString()!.Length);
            Assert.True(file.GetProperty("bytes").GetInt64() > 500);

            var preview = await anonymous.GetAsync(KitWorld.PathOf(file.GetProperty("previewUrl").GetString()!));
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Equal("image/png", preview.Content.Headers.ContentType?.MediaType);
            var png = await preview.Content.ReadAsByteArrayAsync();
            Assert.True(png.AsSpan().StartsWith(ImageCleaner.PngSignature), "the preview is not a PNG");
            previews.Add(png);
            downloads.Add((KitWorld.PathOf(file.GetProperty("url").GetString()!), file.GetProperty("sha256").GetString()!));
        }
        // Real renderings of each first page: an A4 page fitted in 480 pixels, coloured at the top and white at the bottom.
        var colours = new List<SKColor>();
        foreach (var png in previews)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal(480, Math.Max(bitmap.Width, bitmap.Height));
            Assert.InRange(bitmap.Width, 330, 345);
            var top = bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 8);
            Assert.Equal(SKColors.White, bitmap.GetPixel(bitmap.Width / 2, bitmap.Height * 7 / 8));
            colours.Add(top);
        }
        Assert.True(colours[0].Red > 0xC0 && colours[0].Blue < 0x40, $"version 2's first page should be red, not {colours[0]}");
        Assert.True(colours[1].Blue > 0xA0 && colours[1].Red < 0x40, $"version 1's first page should be blue, not {colours[1]}");

        // Stored once: the preview is a stored file of its own, which the page's address serves as it is.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var shas = await db.Set<KitFile>().Where(f => downloads.Select(d => d.Sha256).Contains(f.Sha256)).Select(f => f.PreviewSha256).ToListAsync();
            Assert.Equal(2, shas.Count);
            Assert.All(shas, sha => Assert.NotNull(sha));
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(previews[0])), shas);
            Assert.Equal(2, await db.Set<StoredFile>().CountAsync(f => shas.Contains(f.Sha256) && f.ContentType == "image/png"));
        }

        // Downloads: the bytes whose hash the API gives, as a sandboxed attachment; three counted, nothing else kept.
        var (latestPath, latestSha) = downloads[0];
        for (var i = 0; i < 3; i++)
        {
            var download = await anonymous.GetAsync(latestPath);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.EndsWith("-v2.pdf", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            Assert.Contains("sandbox; default-src 'none'", download.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal(latestSha, Convert.ToHexStringLower(SHA256.HashData(await download.Content.ReadAsByteArrayAsync())));
            Assert.False(download.Headers.Contains("Set-Cookie"));
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(downloads[1].Path)).StatusCode);
        // Read with a token: never from the cache, so the counts of now.
        var counted = JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/kit/{id}")).RootElement.GetProperty("versions").EnumerateArray()
            .Select(v => v.GetProperty("files")[0].GetProperty("downloads").GetInt64()).ToList();
        Assert.Equal(new[] { 3L, 1L }, counted);

        // The pages: listed on /kit, the versions newest first with their counts on the resource's page.
        var list = HtmlText.Visible(await anonymous.GetStringAsync("/kit"));
        Assert.Contains("Brochure « Pas de VSA dans ma ville »", list);
        var page = HtmlText.Visible(await anonymous.GetStringAsync($"/kit/{id}-brochure-pas-de-vsa-dans-ma-ville"));
        Assert.True(page.IndexOf("Version 2", StringComparison.Ordinal) < page.IndexOf("Version 1", StringComparison.Ordinal), page);
        Assert.Contains("Téléchargé 3 fois", page);
        Assert.Contains("CC BY-SA 4.0", page);
        var redirect = await anonymous.GetAsync($"/kit/{id}");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);

        // Filters: by kind, language and format, in the API and the page.
        Assert.Contains($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/kit?kind=brochure&language=fr&format=A5"));
        Assert.DoesNotContain($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/kit?format=A3"));
        Assert.DoesNotContain($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/kit?kind=poster"));
        Assert.DoesNotContain("Brochure « Pas de VSA dans ma ville »", HtmlText.Visible(await anonymous.GetStringAsync("/kit?type=poster&langue=fr")));

        // The campaign's per-commune posters, made on demand, are listed among the posters; an empty filter says so.
        var posters = await anonymous.GetStringAsync("/kit?type=poster&format=A3");
        Assert.Contains("href=\"/campagnes/pas-de-vsa-dans-ma-ville#affiches\"", posters);
        Assert.Contains("choisissez votre commune", HtmlText.Visible(posters));
        Assert.Contains("Aucune ressource pour ces critères.", HtmlText.Visible(await anonymous.GetStringAsync("/kit?type=sticker")));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_proposes_a_resource_for_their_collective_and_a_moderator_publishes_it(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, listed: true);
        var bob = await EventWorld.MemberOfNewCollectiveAsync(app);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();

        // For the campaign or another collective: refused.
        await KitWorld.ProblemAsync(await alice.Api.PostAsJsonAsync("/api/v1/kit", KitWorld.Resource()), HttpStatusCode.Forbidden);
        await KitWorld.ProblemAsync(await alice.Api.PostAsJsonAsync("/api/v1/kit", KitWorld.Resource(collective: bob.CollectiveId)), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/kit", KitWorld.Resource())).StatusCode);

        var created = await KitWorld.CreateAsync(alice.Api, KitWorld.Resource("Affiche du collectif", "poster", alice.CollectiveId));
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal("pending", created.GetProperty("status").GetString());
        var png = KitWorld.Png(1200, 1700, new SKColor(0xFF, 0xD4, 0x00));
        Assert.Equal(HttpStatusCode.Created, (await KitWorld.AddVersionAsync(alice.Api, id, "", (png, "affiche.png"))).StatusCode);
        // Another collective's member adds nothing to it, nor sees it while it waits.
        Assert.Equal(HttpStatusCode.NotFound, (await KitWorld.AddVersionAsync(bob.Api, id, "", (png, "affiche.png"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/kit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/kit/{id}-affiche-du-collectif")).StatusCode);
        Assert.DoesNotContain($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/kit"));
        var pending = JsonDocument.Parse(await alice.Api.GetStringAsync($"/api/v1/kit/{id}")).RootElement;
        var fileId = pending.GetProperty("versions")[0].GetProperty("files")[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/kit/fichiers/{fileId}")).StatusCode);

        // Only moderators publish.
        await KitWorld.ProblemAsync(await alice.Api.PostAsync($"/api/v1/kit/{id}/publish", null), HttpStatusCode.Forbidden);
        var published = await moderator.PostAsync($"/api/v1/kit/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var document = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/kit/{id}")).RootElement;
        Assert.Equal("published", document.GetProperty("status").GetString());
        var author = document.GetProperty("author");
        Assert.Equal(alice.CollectiveId, author.GetProperty("collective").GetInt32());
        Assert.StartsWith(KitWorld.PublicUrl + "/collectifs/", author.GetProperty("url").GetString());
        Assert.Contains($"\"id\":{id},", await anonymous.GetStringAsync("/api/v1/kit"));
        // A PNG's thumbnail, made by SkiaSharp: at most 480 pixels, and the picture's colour.
        var preview = await anonymous.GetByteArrayAsync($"/kit/fichiers/{fileId}/apercu");
        using var bitmap = SKBitmap.Decode(preview);
        Assert.Equal(480, bitmap.Height);
        Assert.Equal(new SKColor(0xFF, 0xD4, 0x00), bitmap.GetPixel(10, 10));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/kit/fichiers/{fileId}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_input_is_refused_with_a_french_400_never_a_500(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        Assert.Contains("Type de ressource inconnu", await KitWorld.ProblemAsync(
            await moderator.PostAsJsonAsync("/api/v1/kit", KitWorld.Resource(kind: "poster-geant")), HttpStatusCode.BadRequest));
        Assert.Contains("Le titre dépasse 160 caractères", await KitWorld.ProblemAsync(
            await moderator.PostAsJsonAsync("/api/v1/kit", KitWorld.Resource(title: new string('t', 161))), HttpStatusCode.BadRequest));
        Assert.Contains("La description dépasse", await KitWorld.ProblemAsync(
            await moderator.PostAsJsonAsync("/api/v1/kit", new { kind = "brochure", title = "Longue", description = new string('d', 4001) }), HttpStatusCode.BadRequest));
        Assert.Contains("Format d'impression inconnu", await KitWorld.ProblemAsync(
            await moderator.PostAsJsonAsync("/api/v1/kit", new { kind = "brochure", title = "Format", formats = new[] { "B12" } }), HttpStatusCode.BadRequest));
        Assert.Contains("Licence inconnue", await KitWorld.ProblemAsync(
            await moderator.PostAsJsonAsync("/api/v1/kit", new { kind = "brochure", title = "Licence", licence = "wtfpl" }), HttpStatusCode.BadRequest));
        Assert.Contains("Type de ressource inconnu", await KitWorld.ProblemAsync(await app.CreateBrowserlessClient().GetAsync("/api/v1/kit?kind=poster-geant"), HttpStatusCode.BadRequest));

        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Tract"))).GetProperty("id").GetInt32();
        var png = KitWorld.Png(20, 20, SKColors.Red);
        // A PNG named .pdf: its content disagrees with its name.
        Assert.Contains("ce n'est pas un PDF", await KitWorld.ProblemAsync(
            await KitWorld.AddVersionAsync(moderator, id, "", (png, "tract.pdf")), HttpStatusCode.BadRequest));
        Assert.Contains("au plus 10 fichiers", await KitWorld.ProblemAsync(
            await KitWorld.AddVersionAsync(moderator, id, "", [.. Enumerable.Range(0, 11).Select(i => (png, $"visuel-{i}.png"))]), HttpStatusCode.BadRequest));
        Assert.Contains("au moins un fichier", await KitWorld.ProblemAsync(await KitWorld.AddVersionAsync(moderator, id, ""), HttpStatusCode.BadRequest));
        Assert.Contains("note de version dépasse", await KitWorld.ProblemAsync(
            await KitWorld.AddVersionAsync(moderator, id, new string('n', 301), (png, "tract.png")), HttpStatusCode.BadRequest));
        Assert.Contains("n'est pas accepté", await KitWorld.ProblemAsync(
            await KitWorld.AddVersionAsync(moderator, id, "", ("GIF89a......"u8.ToArray(), "tract.gif")), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await moderator.PostAsJsonAsync($"/api/v1/kit/{id}/versions", new { changelog = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await KitWorld.AddVersionAsync(moderator, 999_999, "", (png, "tract.png"))).StatusCode);
        // None of these made a version.
        Assert.Equal(0, JsonDocument.Parse(await moderator.GetStringAsync($"/api/v1/kit/{id}")).RootElement.GetProperty("versions").GetArrayLength());
        // Publishing what has no file is refused.
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var empty = (await KitWorld.CreateAsync(member.Api, KitWorld.Resource("Vide", collective: member.CollectiveId))).GetProperty("id").GetInt32();
        Assert.Contains("Ajoutez d'abord une version", await KitWorld.ProblemAsync(await moderator.PostAsync($"/api/v1/kit/{empty}/publish", null), HttpStatusCode.BadRequest));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_svg_loses_its_metadata_and_is_only_ever_served_as_a_sandboxed_attachment(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();
        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Visuel jaune", "visual"))).GetProperty("id").GetInt32();

        var added = await KitWorld.AddVersionAsync(moderator, id, "", (KitWorld.HostileSvg(), "visuel.svg"));
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var file = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("versions")[0].GetProperty("files")[0];
        Assert.Equal("image/svg+xml", file.GetProperty("mediaType").GetString());

        foreach (var path in new[] { KitWorld.PathOf(file.GetProperty("url").GetString()!), KitWorld.PathOf(file.GetProperty("previewUrl").GetString()!), "/fichiers/" + file.GetProperty("sha256").GetString() })
        {
            var served = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Contains("sandbox; default-src 'none'", served.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").First());
            var svg = await served.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Camille", svg);
            Assert.DoesNotContain("camille.martin", svg);
            Assert.DoesNotContain("<metadata", svg);
            Assert.Contains("Pas de VSA", svg);
        }

        // The observatoire's sources still take no SVG.
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(KitWorld.HostileSvg()), "file", "visuel.svg");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await moderator.PostAsync("/api/v1/files", form)).StatusCode);
        // Text that says it is an SVG but is not XML is refused.
        Assert.Contains("pas une image SVG lisible", await KitWorld.ProblemAsync(
            await KitWorld.AddVersionAsync(moderator, id, "", (Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>"), "casse.svg")), HttpStatusCode.BadRequest));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Without_pdftoppm_a_pdf_is_kept_without_preview_and_the_page_says_so(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider, new() { ["Kit:PdfToPpmPath"] = "/nonexistent/pdftoppm" });
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Guide juridique", "legal-guide"))).GetProperty("id").GetInt32();
        var added = await KitWorld.AddVersionAsync(moderator, id, "", (KitWorld.Pdf(SKColors.Green, "Guide"), "guide.pdf"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var file = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("versions")[0].GetProperty("files")[0];
        Assert.Equal(JsonValueKind.Null, file.GetProperty("previewUrl").ValueKind);
        var page = HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync($"/kit/{id}-guide-juridique"));
        Assert.Contains("Aperçu indisponible sur ce serveur.", page);
    }
}
