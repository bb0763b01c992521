using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Accounts;
using Contrevue.Features.Kit;
using Contrevue.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Contrevue.BrowserTests;

/// <summary>
/// The campaign kit in Chromium: its pages accessible in both colour schemes and usable without JavaScript,
/// and an SVG carrying scripts that never runs, neither shown in the page nor opened at its own address.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KitTests(BrowserFixture fixture)
{
    private const string Title = "Brochure du kit pour Chromium";
    private const string Slug = "brochure-du-kit-pour-chromium";

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static Seeded? _seeded;

    private sealed record Seeded(int Id, int SvgFileId)
    {
        public string PagePath => $"/kit/{Id}-{Slug}";
    }

    /// <summary>
    /// A yellow SVG whose script and onload handler would turn it red and rename the document if they ran: a
    /// screenshot tells, without evaluating anything in a document that may forbid it.
    /// </summary>
    private static readonly byte[] HostileSvg = Encoding.UTF8.GetBytes("""
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100" onload="document.getElementById('fond').setAttribute('fill', '#ff0000'); document.title = 'svg-onload'">
          <rect id="fond" width="200" height="100" fill="#ffd400"/>
          <text x="10" y="60" font-size="30">Pas de VSA</text>
          <script>document.getElementById('fond').setAttribute('fill', '#ff0000'); document.title = 'svg-script';</script>
        </svg>
        """);

    private static readonly SKColor Yellow = new(0xFF, 0xD4, 0x00);

    private static void AssertColour(SKColor expected, SKColor actual) =>
        Assert.True(Math.Abs(expected.Red - actual.Red) <= 4 && Math.Abs(expected.Green - actual.Green) <= 4 && Math.Abs(expected.Blue - actual.Blue) <= 4,
            $"expected {expected}, saw {actual}");

    private static async Task<SKColor> ColourAsync(Task<byte[]> screenshot)
    {
        using var bitmap = SKBitmap.Decode(await screenshot);
        return bitmap.GetPixel(5, 5);
    }

    /// <summary>A published brochure in two versions (PDFs rendered by pdftoppm), the second with the SVG, made as a moderator would.</summary>
    private async Task<Seeded> SeedAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_seeded is not null)
            {
                return _seeded;
            }
            using var scope = fixture.Services.CreateScope();
            var created = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
                .CreateAsync($"moderateur-kit-{Guid.NewGuid():N}@contrevue.test", "une phrase de passe assez longue", Roles.Moderator);
            var moderator = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, created.User!.Id), new Claim(ClaimTypes.Role, Roles.Moderator)], "test"));
            var kit = scope.ServiceProvider.GetRequiredService<KitService>();
            var input = new KitResourceInput("brochure", Title, "La brochure **de la campagne**, à imprimer.", "fr", null, null, ["A4", "A5"], ["vsa"]);
            var first = await kit.CreateAsync(moderator, input, default, ("Première édition", new List<KitUpload> { new(new MemoryStream(Pdf(SKColors.Navy)), "brochure.pdf", null) }));
            var resource = Assert.IsType<KitChange.Done>(first).Resource;
            var second = await kit.AddVersionAsync(moderator, resource.Id, "Nouvelle couverture et visuel",
                [new KitUpload(new MemoryStream(Pdf(SKColors.DarkRed)), "brochure.pdf", null), new KitUpload(new MemoryStream(HostileSvg), "visuel.svg", null)], default);
            Assert.IsType<KitChange.Done>(second);
            var found = (await kit.FindAsync(resource.Id, default))!;
            var svg = found.Versions.First().Files.Single(f => f.Extension == "svg");
            _seeded = new Seeded(resource.Id, svg.Id);
            return _seeded;
        }
        finally
        {
            Seeding.Release();
        }
    }

    private const string MemberPassword = "une phrase de passe assez longue";
    private static MemberWorld? _member;

    /// <summary>A member of a collective, signed in once in Chromium, and a published poster of that collective in two versions.</summary>
    private sealed record MemberWorld(string State, int Id);

    private async Task<MemberWorld> MemberWorldAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_member is not null)
            {
                return _member;
            }
            var email = $"membre-kit-{Guid.NewGuid():N}@contrevue.test";
            int id;
            using (var scope = fixture.Services.CreateScope())
            {
                var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
                var member = await accounts.CreateAsync(email, MemberPassword, Roles.Member);
                var moderatorAccount = await accounts.CreateAsync($"moderateur-kit-{Guid.NewGuid():N}@contrevue.test", MemberPassword, Roles.Moderator);
                var db = scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>();
                var collective = new Contrevue.Features.Collectives.Collective { Name = $"Collectif {Guid.NewGuid():N}"[..30], CreatedAt = DateTime.UnixEpoch };
                db.Add(collective);
                await db.SaveChangesAsync();
                db.Add(new Contrevue.Features.Collectives.CollectiveMember { CollectiveId = collective.Id, UserId = member.User!.Id, JoinedAt = DateTime.UnixEpoch });
                await db.SaveChangesAsync();
                var moderator = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, moderatorAccount.User!.Id), new Claim(ClaimTypes.Role, Roles.Moderator)], "test"));
                var kit = scope.ServiceProvider.GetRequiredService<KitService>();
                var input = new KitResourceInput("poster", "Affiche du collectif pour Chromium", "Une affiche **A3**.", "fr", null, collective.Id, ["A3"], ["affiche"]);
                var created = await kit.CreateAsync(moderator, input, default, ("Première édition", new List<KitUpload> { new(new MemoryStream(Pdf(SKColors.Teal)), "affiche.pdf", null) }));
                id = Assert.IsType<KitChange.Done>(created).Resource.Id;
                Assert.IsType<KitChange.Done>(await kit.AddVersionAsync(moderator, id, "Couleurs", [new KitUpload(new MemoryStream(Pdf(SKColors.Olive)), "affiche.pdf", null)], default));
            }
            await using var watched = await fixture.OpenAsync();
            var page = watched.Page;
            await page.GotoAsync("/connexion");
            await page.GetByLabel("Adresse e-mail").FillAsync(email);
            await page.GetByLabel("Mot de passe").FillAsync(MemberPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new Regex("/connexion"));
            _member = new MemberWorld(await page.Context.StorageStateAsync(), id);
            return _member;
        }
        finally
        {
            Seeding.Release();
        }
    }

    public static TheoryData<string, ColorScheme> MemberPages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            foreach (var path in new[] { "/kit/{id}-affiche-du-collectif-pour-chromium", "/kit/{id}/modifier", "/kit/{id}/supprimer", "/kit/{id}/versions/1/supprimer", "/kit/{id}/nouvelle-version" })
            {
                data.Add(path, scheme);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MemberPages))]
    public async Task A_members_kit_pages_have_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        var world = await MemberWorldAsync();
        path = path.Replace("{id}", world.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme, StorageState = world.State });
        var response = await watched.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await watched.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var results = await Axe.RunAsync(watched.Page);
        Assert.True(results.PassedRules > 0, $"axe checked nothing on {path}.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {path} ({scheme}):\n{Axe.Describe(blocking)}");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task Without_javascript_a_member_edits_their_collectives_resource_through_its_form()
    {
        var world = await MemberWorldAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, StorageState = world.State });
        var page = watched.Page;
        await page.GotoAsync($"/kit/{world.Id}-affiche-du-collectif-pour-chromium");
        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier la description" }).ClickAsync();
        await Expect(page.GetByLabel("Titre")).ToHaveValueAsync("Affiche du collectif pour Chromium");
        await page.GetByLabel("Description (facultative, Markdown)").FillAsync("Une affiche **A3**, à coller partout.");
        await page.GetByLabel("A4", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les modifications" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/kit/{world.Id}-affiche-du-collectif-pour-chromium$"));
        await Expect(page.Locator("main")).ToContainTextAsync("à coller partout");
        await Expect(page.Locator("main")).ToContainTextAsync("A3, A4");
        watched.AssertNoRequestLeftTheOrigin();
    }

    private static byte[] Pdf(SKColor colour)
    {
        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output))
        {
            var canvas = document.BeginPage(595, 842);
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = colour };
            canvas.DrawRect(0, 0, 595, 421, paint);
            document.EndPage();
            document.Close();
        }
        return output.ToArray();
    }

    public static TheoryData<string, ColorScheme> Pages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add("/kit", scheme);
            data.Add("{resource}", scheme);
            data.Add("/kit?type=poster", scheme);
            data.Add("/kit/proposer", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Kit_page_has_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        var seeded = await SeedAsync();
        path = path == "{resource}" ? seeded.PagePath : path;
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme });
        var response = await watched.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await watched.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var results = await Axe.RunAsync(watched.Page);
        Assert.True(results.PassedRules > 0, $"axe checked nothing on {path}.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {path} ({scheme}):\n{Axe.Describe(blocking)}");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    [Fact]
    public async Task Without_javascript_a_visitor_filters_the_kit_opens_a_resource_and_downloads_its_pdf()
    {
        var seeded = await SeedAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = false, AcceptDownloads = true });
        var page = watched.Page;
        await page.GotoAsync("/kit");
        await page.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync("brochure");
        await page.GetByLabel("Format d'impression").SelectOptionAsync("A5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/kit\?type=brochure&langue=&format=A5$"));
        await page.GetByRole(AriaRole.Link, new() { Name = Title, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(seeded.PagePath) + "$"));

        // Versions newest first, each PDF with its rendered first page.
        var headings = await page.Locator("main h3[id^=version-]").AllTextContentsAsync();
        Assert.StartsWith("Version 2", headings[0]);
        Assert.StartsWith("Version 1", headings[1]);
        var preview = page.GetByRole(AriaRole.Img, new() { Name = "Aperçu du fichier PDF de la version 2" });
        await Expect(preview).ToBeVisibleAsync();
        Assert.True(await preview.EvaluateAsync<int>("img => img.naturalWidth") > 100, "the PDF's preview did not load");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Télécharger « " + Regex.Escape(Title) + " », version 2 \\(PDF") }).ClickAsync());
        Assert.Equal(Slug + "-v2.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(File.ReadAllBytes(path!).AsSpan(0, 5)));
        watched.AssertNoRequestLeftTheOrigin();
    }

    [Fact]
    public async Task An_svg_with_scripts_runs_none_shown_in_the_page_nor_opened_at_its_address()
    {
        var seeded = await SeedAsync();
        await using var watched = await fixture.OpenAsync(new() { AcceptDownloads = true });
        var page = watched.Page;

        // In the page, through <img>: drawn yellow, its script silent.
        await page.GotoAsync(seeded.PagePath);
        var image = page.GetByRole(AriaRole.Img, new() { Name = "Aperçu du fichier SVG de la version 2" });
        await Expect(image).ToBeVisibleAsync();
        Assert.Equal(200, await image.EvaluateAsync<int>("img => img.naturalWidth"));
        AssertColour(Yellow, await ColourAsync(image.ScreenshotAsync()));
        Assert.Equal(Title + " — Contrevue", await page.TitleAsync());

        // At its own address: a download, never a document.
        foreach (var address in new[] { $"/kit/fichiers/{seeded.SvgFileId}", $"/kit/fichiers/{seeded.SvgFileId}/apercu" })
        {
            var download = await page.RunAndWaitForDownloadAsync(async () =>
            {
                try
                {
                    await page.GotoAsync(address);
                }
                catch (PlaywrightException)
                {
                    // Chromium aborts a navigation that turns into a download.
                }
            });
            Assert.EndsWith(".svg", download.SuggestedFilename);
        }
        Assert.Equal(Title + " — Contrevue", await page.TitleAsync());

        // Even a browser that would render it (the attachment header taken away on the way) runs nothing: the
        // policies served with it hold. The same bytes without any policy do run, so the check can see a script.
        async Task<SKColor> ColourWhenRenderedAsync(bool keepPolicy)
        {
            await using var other = await fixture.OpenAsync(new() { ViewportSize = new() { Width = 400, Height = 300 } });
            await other.Page.RouteAsync("**/kit/fichiers/*", async route =>
            {
                var response = await route.FetchAsync();
                var headers = response.HeadersArray.Where(h => !h.Name.Equals("content-disposition", StringComparison.OrdinalIgnoreCase)
                    && (keepPolicy || !h.Name.Equals("content-security-policy", StringComparison.OrdinalIgnoreCase)))
                    .Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList();
                await route.FulfillAsync(new() { Response = response, Headers = headers });
            });
            await other.Page.GotoAsync($"/kit/fichiers/{seeded.SvgFileId}");
            await other.Page.WaitForLoadStateAsync(LoadState.Load);
            return await ColourAsync(other.Page.ScreenshotAsync(new() { Clip = new() { X = 0, Y = 0, Width = 50, Height = 50 } }));
        }
        AssertColour(Yellow, await ColourWhenRenderedAsync(keepPolicy: true));
        AssertColour(new SKColor(0xFF, 0x00, 0x00), await ColourWhenRenderedAsync(keepPolicy: false));
    }
}
