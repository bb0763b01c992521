using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Kit;
using Contrevue.Features.Moderation;
using Contrevue.Infrastructure.Files;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Contrevue.Tests.Features.Kit;

/// <summary>
/// A published resource changes: its collective's members and moderators edit and delete it (files nobody
/// cites any more leave storage), members' new versions wait for a moderator, and the cached pages follow
/// precisely — the download counts within their refresh window.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class KitChangeTests(TestApps apps)
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

    private static async Task<JsonElement> DocumentAsync(HttpClient client, int id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/v1/kit/{id}")).RootElement.Clone();

    private static async Task<bool> StoredAsync(AppFactory app, string sha256)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<StoredFile>().AnyAsync(f => f.Sha256 == sha256);
    }

    private static async Task<JsonElement> AddedVersionAsync(HttpClient client, int id, string changelog, params (byte[] Content, string Name)[] files)
    {
        var added = await KitWorld.AddVersionAsync(client, id, changelog, files);
        var body = await added.Content.ReadAsStringAsync();
        Assert.True(added.StatusCode == HttpStatusCode.Created, $"{added.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Members_of_its_collective_edit_and_delete_a_resource_and_files_nothing_else_cites_leave_storage(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app);
        var bob = await EventWorld.MemberOfNewCollectiveAsync(app);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();

        // Published by a moderator for Alice's collective: a PDF first, then a PNG that another resource also carries.
        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Tract du collectif", "leaflet", alice.CollectiveId))).GetProperty("id").GetInt32();
        var pdf = KitWorld.Pdf(new SKColor(0x20, 0x80, 0x20), $"Tract {Guid.NewGuid():N}");
        var png = KitWorld.Png(300, 200, new SKColor(0x10, (byte)Random.Shared.Next(256), 0x90));
        var first = (await AddedVersionAsync(moderator, id, "Première édition", (pdf, "tract.pdf"))).GetProperty("versions")[0].GetProperty("files")[0];
        var second = (await AddedVersionAsync(moderator, id, "Version image", (png, "tract.png"))).GetProperty("versions")[0].GetProperty("files")[0];
        var other = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Visuel partagé", "visual"))).GetProperty("id").GetInt32();
        await AddedVersionAsync(moderator, other, "", (png, "visuel.png"));
        var pdfSha = first.GetProperty("sha256").GetString()!;
        var pdfPreviewSha = (await PreviewShaAsync(app, first.GetProperty("id").GetInt32()))!;
        var pngSha = second.GetProperty("sha256").GetString()!;

        // Both pages and the list in the anonymous cache.
        var otherPath = $"/kit/{other}-visuel-partage";
        foreach (var path in new[] { $"/api/v1/kit/{id}", "/kit", otherPath, otherPath })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
        }
        Assert.NotNull((await anonymous.GetAsync(otherPath)).Headers.Age);

        // Who may not, and bad input: French problems, never a 500.
        var edit = new { kind = "poster", title = "Affiche du collectif du Pilat", description = "Une affiche **A3**.", language = "fr", licence = "cc-by-4.0", formats = new[] { "A3" }, tags = new[] { "affiche" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/v1/kit/{id}", edit)).StatusCode);
        Assert.Contains("Seuls les membres du collectif auteur", await KitWorld.ProblemAsync(await bob.Api.PutAsJsonAsync($"/api/v1/kit/{id}", edit), HttpStatusCode.Forbidden));
        Assert.Contains("Type de ressource inconnu", await KitWorld.ProblemAsync(
            await alice.Api.PutAsJsonAsync($"/api/v1/kit/{id}", edit with { kind = "poster-geant" }), HttpStatusCode.BadRequest));
        Assert.Contains("Le titre est obligatoire", await KitWorld.ProblemAsync(
            await alice.Api.PutAsJsonAsync($"/api/v1/kit/{id}", edit with { title = " " }), HttpStatusCode.BadRequest));
        Assert.Contains("L'auteur d'une ressource ne change pas", await KitWorld.ProblemAsync(
            await alice.Api.PutAsJsonAsync($"/api/v1/kit/{id}", new { edit.kind, edit.title, collective = bob.CollectiveId }), HttpStatusCode.BadRequest));
        Assert.Contains("Aucune ressource du kit", await KitWorld.ProblemAsync(await alice.Api.PutAsJsonAsync("/api/v1/kit/999999", edit), HttpStatusCode.NotFound));
        Assert.Equal("Tract du collectif", (await DocumentAsync(moderator, id)).GetProperty("title").GetString());

        // Alice edits: the resource's document, page and the list show it at once; the other resource's page stays cached.
        var edited = await alice.Api.PutAsJsonAsync($"/api/v1/kit/{id}", edit);
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        var document = await DocumentAsync(anonymous, id);
        Assert.Equal("Affiche du collectif du Pilat", document.GetProperty("title").GetString());
        Assert.Equal("poster", document.GetProperty("kind").GetString());
        Assert.Equal("cc-by-4.0", document.GetProperty("licence").GetString());
        Assert.Equal(new[] { "A3" }, document.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(alice.CollectiveId, document.GetProperty("author").GetProperty("collective").GetInt32());
        Assert.Contains("Affiche du collectif du Pilat", HtmlText.Visible(await anonymous.GetStringAsync("/kit")));
        Assert.Contains("Une affiche A3", HtmlText.Visible(await anonymous.GetStringAsync($"/kit/{id}-affiche-du-collectif-du-pilat")));
        Assert.NotNull((await anonymous.GetAsync(otherPath)).Headers.Age);

        // Deleting version 1: its PDF and its preview, cited by nothing else, leave storage.
        await KitWorld.ProblemAsync(await bob.Api.DeleteAsync($"/api/v1/kit/{id}/versions/1"), HttpStatusCode.Forbidden);
        Assert.Contains("Aucune version 7", await KitWorld.ProblemAsync(await alice.Api.DeleteAsync($"/api/v1/kit/{id}/versions/7"), HttpStatusCode.NotFound));
        Assert.True(await StoredAsync(app, pdfSha) && await StoredAsync(app, pdfPreviewSha));
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Api.DeleteAsync($"/api/v1/kit/{id}/versions/1")).StatusCode);
        Assert.False(await StoredAsync(app, pdfSha));
        Assert.False(await StoredAsync(app, pdfPreviewSha));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{pdfSha}")).StatusCode);
        Assert.Equal(new[] { 2 }, (await DocumentAsync(anonymous, id)).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        // The only version of a published resource stays: the resource is deleted instead.
        Assert.Contains("seule version", await KitWorld.ProblemAsync(await alice.Api.DeleteAsync($"/api/v1/kit/{id}/versions/2"), HttpStatusCode.BadRequest));

        // Deleting the resource: gone everywhere; the PNG the other resource carries stays, and is still served.
        await KitWorld.ProblemAsync(await bob.Api.DeleteAsync($"/api/v1/kit/{id}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/v1/kit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Api.DeleteAsync($"/api/v1/kit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/kit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/kit/{id}-affiche-du-collectif-du-pilat")).StatusCode);
        Assert.DoesNotContain("Affiche du collectif du Pilat", HtmlText.Visible(await anonymous.GetStringAsync("/kit")));
        Assert.True(await StoredAsync(app, pngSha));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/fichiers/{pngSha}")).StatusCode);
        await KitWorld.ProblemAsync(await alice.Api.DeleteAsync($"/api/v1/kit/{id}"), HttpStatusCode.NotFound);

        // A moderator deletes any resource; then the PNG is cited by nothing and leaves too.
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.DeleteAsync($"/api/v1/kit/{other}")).StatusCode);
        Assert.False(await StoredAsync(app, pngSha));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var actions = await db.Set<Contrevue.Infrastructure.Audit.AuditEntry>().Where(e => e.Target == $"kit:{id}").Select(e => e.Action).ToListAsync();
        Assert.Contains("kit.edit", actions);
        Assert.Contains("kit.version.delete", actions);
        Assert.Contains("kit.delete", actions);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_deleted_resource_leaves_the_file_a_procedure_document_keeps_with_the_same_bytes(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Modèle de recours", "legal-guide", alice.CollectiveId))).GetProperty("id").GetInt32();
        var pdf = KitWorld.Pdf(new SKColor(0x40, 0x20, 0x80), $"Recours {Guid.NewGuid():N}");
        var sha = (await AddedVersionAsync(moderator, id, "Première édition", (pdf, "recours.pdf"))).GetProperty("versions")[0].GetProperty("files")[0].GetProperty("sha256").GetString()!;

        // The same bytes filed by the collective in one of its procedures: stored once, shown by no citation
        // (a procedure's documents are served under its own rule), and still needed.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var now = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
            db.Add(new Contrevue.Features.Procedures.Procedure
            {
                CollectiveId = alice.CollectiveId, Kind = "cada-request", Title = "Demande CADA", AuthorityName = "Mairie",
                CreatedAt = now, UpdatedAt = now,
                Documents = [new() { Title = "Recours envoyé", FileSha256 = sha }],
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await moderator.DeleteAsync($"/api/v1/kit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync($"/api/v1/kit/{id}")).StatusCode);
        Assert.True(await StoredAsync(app, sha), "the procedure's document lost its file");
    }

    private static async Task<string?> PreviewShaAsync(AppFactory app, int fileId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<KitFile>().Where(f => f.Id == fileId).Select(f => f.PreviewSha256).SingleAsync();
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_members_new_version_of_a_published_resource_waits_for_a_moderator(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderatorApi = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();
        var id = (await KitWorld.CreateAsync(moderatorApi, KitWorld.Resource("Guide CADA", "legal-guide", alice.CollectiveId))).GetProperty("id").GetInt32();
        await AddedVersionAsync(moderatorApi, id, "Première édition", (KitWorld.Png(200, 200, SKColors.Blue), "guide.png"));

        // Alice's version: accepted for review (202), not published; its file shown to moderators only.
        var proposedPng = KitWorld.Png(210, 190, new SKColor(0xC0, 0x30, (byte)Random.Shared.Next(256)));
        var sent = await KitWorld.AddVersionAsync(alice.Api, id, "Délais de 2027", (proposedPng, "guide-v2.png"));
        var body = await sent.Content.ReadAsStringAsync();
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, $"{sent.StatusCode}: {body}");
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal("pending", answer.GetProperty("status").GetString());
        Assert.Contains("relecture", answer.GetProperty("detail").GetString());
        var proposalId = answer.GetProperty("proposal").GetInt32();
        Assert.Equal(1, (await DocumentAsync(anonymous, id)).GetProperty("versions").GetArrayLength());
        var proposedSha = await ProposedShaAsync(app, proposalId);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{proposedSha}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await moderatorApi.GetAsync($"/fichiers/{proposedSha}")).StatusCode);

        // In the moderation queue; the moderator reviews it and publishes it: the resource's newest version.
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/kit/versions/{proposalId}";
        Assert.Contains(reviewPath, await moderator.Client.GetStringAsync("/moderation"));
        var review = HtmlText.Visible(await moderator.Client.GetStringAsync(reviewPath));
        Assert.Contains("Délais de 2027", review);
        Assert.Contains("Guide CADA", review);
        var approved = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string>(), $"{reviewPath}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal($"/kit/{id}-guide-cada", approved.Headers.Location!.OriginalString);
        var versions = (await DocumentAsync(anonymous, id)).GetProperty("versions");
        Assert.Equal(2, versions[0].GetProperty("number").GetInt32());
        Assert.Equal("Délais de 2027", versions[0].GetProperty("changelog").GetString());
        var published = versions[0].GetProperty("files")[0];
        Assert.Equal(proposedSha, published.GetProperty("sha256").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(KitWorld.PathOf(published.GetProperty("url").GetString()!))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(KitWorld.PathOf(published.GetProperty("previewUrl").GetString()!))).StatusCode);

        // A refused version: nothing published, and its file, cited by nothing else, leaves storage.
        var refusedPng = KitWorld.Png(220, 180, new SKColor(0x30, 0xC0, (byte)Random.Shared.Next(256)));
        var again = await KitWorld.AddVersionAsync(alice.Api, id, "Brouillon", (refusedPng, "brouillon.png"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var refusedId = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("proposal").GetInt32();
        var refusedSha = await ProposedShaAsync(app, refusedId);
        Assert.True(await StoredAsync(app, refusedSha));
        var refusedPath = $"/moderation/kit/versions/{refusedId}";
        var withoutReason = await moderator.SubmitAsync(refusedPath, new Dictionary<string, string>(), $"{refusedPath}?handler=Reject");
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("raison du refus", HtmlText.Visible(await withoutReason.Content.ReadAsStringAsync()));
        var rejected = await moderator.SubmitAsync(refusedPath, new Dictionary<string, string> { ["Reason"] = "Un brouillon, pas une version." }, $"{refusedPath}?handler=Reject");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.False(await StoredAsync(app, refusedSha));
        Assert.Equal(2, (await DocumentAsync(anonymous, id)).GetProperty("versions").GetArrayLength());

        // A moderator's version is published at once.
        await AddedVersionAsync(moderatorApi, id, "Relue par la modération", (KitWorld.Png(230, 170, SKColors.Green), "guide-v3.png"));
        Assert.Equal(3, (await DocumentAsync(anonymous, id)).GetProperty("versions").GetArrayLength());
    }

    private static async Task<string> ProposedShaAsync(AppFactory app, int proposalId)
    {
        using var scope = app.Services.CreateScope();
        var proposal = await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<Proposal>().SingleAsync(p => p.Id == proposalId);
        Assert.Equal("kit-version", proposal.Kind);
        Assert.Equal(ProposalStatus.Pending, proposal.Status);
        return JsonDocument.Parse(proposal.Data).RootElement.GetProperty("files")[0].GetProperty("sha256").GetString()!;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_cached_page_shows_download_counts_at_most_one_refresh_window_old(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider, new() { ["Kit:DownloadCountRefreshSeconds"] = "4" });
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();
        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Autocollant compté", "sticker"))).GetProperty("id").GetInt32();
        var file = (await AddedVersionAsync(moderator, id, "", (KitWorld.Png(100, 100, SKColors.Orange), "autocollant.png"))).GetProperty("versions")[0].GetProperty("files")[0];
        var download = KitWorld.PathOf(file.GetProperty("url").GetString()!);
        var path = $"/kit/{id}-autocollant-compte";
        Assert.Contains("Téléchargé 0 fois", HtmlText.Visible(await anonymous.GetStringAsync(path)));
        var cached = await anonymous.GetAsync(path);
        Assert.NotNull(cached.Headers.Age);
        Assert.Contains("jusqu'à 4 secondes de retard", HtmlText.Visible(await cached.Content.ReadAsStringAsync()));

        // The first download evicts the page at once.
        var started = TimeProvider.System.GetTimestamp();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(download)).StatusCode);
        Assert.Contains("Téléchargé 1 fois", HtmlText.Visible(await anonymous.GetStringAsync(path)));

        // The next ones in the window share one eviction at its end: meanwhile the cached page is served as it was.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(download)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(download)).StatusCode);
        var during = await anonymous.GetAsync(path);
        if (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3))
        {
            Assert.NotNull(during.Headers.Age);
            Assert.Contains("Téléchargé 1 fois", HtmlText.Visible(await during.Content.ReadAsStringAsync()));
        }
        var shown = "";
        for (var i = 0; i < 40 && !shown.Contains("Téléchargé 3 fois", StringComparison.Ordinal); i++)
        {
            await Task.Delay(250);
            shown = HtmlText.Visible(await anonymous.GetStringAsync(path));
        }
        Assert.Contains("Téléchargé 3 fois", shown);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started).TotalSeconds, 3.5, 10);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pdftoppm_runs_under_memory_and_processor_limits_and_a_pdf_over_them_is_kept_without_preview(DatabaseProvider provider)
    {
        Assert.True(File.Exists("/usr/bin/prlimit"), "util-linux (prlimit) must be installed: test.sh installs it");
        var folder = Directory.CreateTempSubdirectory("contrevue-kit-limits-");
        try
        {
            // A stand-in for pdftoppm that writes down the limits it runs under, and makes no image.
            var limits = Path.Combine(folder.FullName, "limits.txt");
            var script = Path.Combine(folder.FullName, "pdftoppm");
            await File.WriteAllTextAsync(script, $"#!/bin/sh\ncat /proc/self/limits > '{limits}'\nexit 1\n");
            Assert.True(OperatingSystem.IsLinux(), "prlimit and /proc/self/limits are Linux's");
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
            }
            await using (var app = await AppAsync(provider, new()
            {
                ["Kit:PdfToPpmPath"] = script,
                ["Kit:PreviewMemoryBytes"] = "123456789",
                ["Kit:PreviewCpuSeconds"] = "7",
            }))
            {
                var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
                var moderator = TestAccounts.ClientWithToken(app, token);
                var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Guide borné", "legal-guide"))).GetProperty("id").GetInt32();
                var file = (await AddedVersionAsync(moderator, id, "", (KitWorld.Pdf(SKColors.Gray, "Guide"), "guide.pdf"))).GetProperty("versions")[0].GetProperty("files")[0];
                Assert.Equal(JsonValueKind.Null, file.GetProperty("previewUrl").ValueKind);
                var lines = await File.ReadAllLinesAsync(limits);
                Assert.Matches(@"^Max address space\s+123456789\s+123456789\s+bytes", lines.Single(l => l.StartsWith("Max address space", StringComparison.Ordinal)));
                Assert.Matches(@"^Max cpu time\s+7\s+7\s+seconds", lines.Single(l => l.StartsWith("Max cpu time", StringComparison.Ordinal)));
                Assert.Matches(@"^Max file size\s+4194304\s+4194304\s+bytes", lines.Single(l => l.StartsWith("Max file size", StringComparison.Ordinal)));
                Assert.Matches(@"^Max core file size\s+0\s+0\s+bytes", lines.Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal)));
            }

            // The real pdftoppm with far too little memory: it fails, the upload succeeds without a preview, and
            // the log says what happened to the process, nothing of the file.
            await using (var app = await AppAsync(provider, new() { ["Kit:PreviewMemoryBytes"] = "16777216" }))
            {
                var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
                var moderator = TestAccounts.ClientWithToken(app, token);
                var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Brochure trop gourmande"))).GetProperty("id").GetInt32();
                var marker = $"Camille-{Guid.NewGuid():N}";
                var file = (await AddedVersionAsync(moderator, id, "", (KitWorld.Pdf(SKColors.Purple, marker), $"{marker}.pdf"))).GetProperty("versions")[0].GetProperty("files")[0];
                Assert.Equal(JsonValueKind.Null, file.GetProperty("previewUrl").ValueKind);
                Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserlessClient().GetAsync(KitWorld.PathOf(file.GetProperty("url").GetString()!))).StatusCode);
                Assert.Contains(app.Logs.Lines, line => line.Contains("pdftoppm gave no preview", StringComparison.Ordinal) && line.Contains("16 MiB", StringComparison.Ordinal));
                Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(marker, StringComparison.Ordinal));
                Assert.Contains("Pas d'aperçu pour ce fichier.", HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync($"/kit/{id}-brochure-trop-gourmande")));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
