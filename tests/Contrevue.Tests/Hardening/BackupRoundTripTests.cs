using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Backup;
using Contrevue.Infrastructure.Cli;
using Contrevue.Tests.Features.Observatoire;
using Contrevue.Tests.Features.Observatoire.Files;
using Contrevue.Tests.Features.Procedures;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// <c>backup create</c> on a running instance, <c>backup restore</c> onto an empty database, and the
/// restored instance answers the API byte for byte as the original did: dossiers and their sources,
/// the uploaded file, a commune's contact facts, the campaign's scoreboard, a private procedure and
/// its document (through the member's API token, restored too), and a follow-up link signed before
/// the backup (the Data Protection keys are restored).
/// </summary>
public sealed partial class BackupRoundTripTests
{
    private const string Passphrase = "correct cheval pile agrafe";

    /// <summary>What a representative instance holds, and the addresses whose answers must survive.</summary>
    private sealed record World(List<string> PublicUrls, string MemberToken, List<string> MemberUrls, string FollowUpPath);

    private static async Task<World> FillAsync(AppFactory app)
    {
        var anonymous = app.CreateBrowserlessClient();
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);

        // An uploaded file cited by a source of a dossier, then the dossier edited (two revisions, audit entries).
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(TestFiles.Pdf($"Délibération {Guid.NewGuid():N}")), "file", "deliberation.pdf");
        var uploaded = await moderator.PostAsync("/api/v1/files", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var sha = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("sha256").GetString()!;
        var created = await moderator.PostAsJsonAsync("/api/v1/dossiers", DossierApiTests.VsaDossier("VSA à Saint-Étienne"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var dossierId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var dossier = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await anonymous.GetStringAsync($"/api/v1/dossiers/{dossierId}"))!;
        var sources = dossier["sources"].EnumerateArray().Select(s => JsonSerializer.Deserialize<Dictionary<string, object?>>(s.GetRawText())!).ToList();
        sources.Add(new Dictionary<string, object?> { ["kind"] = "deliberation", ["title"] = "Délibération scannée", ["sha256"] = sha, ["confidence"] = "established" });
        var edited = new Dictionary<string, object?>(dossier.Select(p => KeyValuePair.Create(p.Key, (object?)p.Value))) { ["sources"] = sources, ["cameraCount"] = 140 };
        var put = await moderator.PutAsJsonAsync($"/api/v1/dossiers/{dossierId}", edited);
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, (await moderator.PostAsJsonAsync("/api/v1/dossiers", DossierApiTests.VsaDossier("Drones à Firminy", null))).StatusCode);

        // Contact facts proposed by the public, approved; another proposal waits for its contributor's confirmation.
        var proposed = await anonymous.PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = "territory-contact", territory = "42218",
            data = new { mayor = "Gaël Perdriau", email = "contact@saint-etienne.fr", verifiedOn = "2026-11-02" },
            source = "https://www.saint-etienne.fr/contact",
        });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = "territory-contact", territory = "42095", data = new { mayor = "Julien Luya" },
            source = "https://www.ville-firminy.fr/contact", contributorEmail = "contributrice@example.org",
        })).StatusCode);
        var proposalId = JsonDocument.Parse(await proposed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/{proposalId}/approve", null)).StatusCode);

        // A campaign request with a follow-up address, and an answer.
        var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System);
        var requested = await anonymous.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/requests", new
        {
            territory = "42218", sentOn = today.AddDays(-10).ToString("yyyy-MM-dd"), channel = "email", publicName = "Collectif stéphanois", contactEmail = "suivi@example.org",
        });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var requestId = JsonDocument.Parse(await requested.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var answered = await moderator.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/responses", new
        {
            territory = "38185", respondedOn = today.AddDays(-2).ToString("yyyy-MM-dd"), kind = "committed", quote = "Grenoble s'engage.", sourceUrl = "https://www.grenoble.fr/vsa",
        });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        string followUpToken;
        using (var scope = app.Services.CreateScope())
        {
            followUpToken = scope.ServiceProvider.GetRequiredService<FollowUps>().TokenOf(requestId);
        }

        // A collective's private procedure with a document.
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        var procedure = await member.Api.PostAsJsonAsync("/api/v1/procedures", new
        {
            collectiveId = member.CollectiveId, kind = "cada-request", title = "Convention avec le fournisseur", authorityName = "Mairie de Saint-Étienne", startOn = "2025-03-03",
        });
        Assert.Equal(HttpStatusCode.Created, procedure.StatusCode);
        var procedureId = JsonDocument.Parse(await procedure.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var page = await member.Browser.Client.GetStringAsync($"/procedures/{procedureId}");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent("Accusé de réception"), "DocumentTitle" },
            { new StringContent("true"), "DocumentReceived" },
            { new ByteArrayContent(TestFiles.Pdf($"AR {Guid.NewGuid():N}")), "DocumentFile", "ar.pdf" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await member.Browser.Client.PostAsync($"/procedures/{procedureId}?handler=Document", upload)).StatusCode);
        using var detail = JsonDocument.Parse(await member.Api.GetStringAsync($"/api/v1/procedures/{procedureId}"));
        var documentUrl = detail.RootElement.GetProperty("documents")[0].GetProperty("url").GetString()!;

        return new World(
            [
                "/api/v1/dossiers", $"/api/v1/dossiers/{dossierId}", $"/api/v1/dossiers/{dossierId}/history", "/api/v1/dossiers?q=deliberation",
                $"/fichiers/{sha}", "/api/v1/communes/42218", "/api/v1/communes/42218/history",
                "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/scoreboard", "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/territories/38185",
                "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/territories/42218", "/api/v1/departements",
            ],
            member.Api.DefaultRequestHeaders.Authorization!.Parameter!,
            ["/api/v1/me", $"/api/v1/procedures/{procedureId}", "/api/v1/procedures", documentUrl],
            FollowUps.PathOf(followUpToken));
    }

    /// <summary>Status, content type and body of every address, as the world's visitors and member see them.</summary>
    private static async Task<List<string>> AnswersAsync(AppFactory app, World world)
    {
        var anonymous = app.CreateBrowserlessClient();
        var member = TestAccounts.ClientWithToken(app, world.MemberToken);
        var answers = new List<string>();
        foreach (var (client, url) in world.PublicUrls.Select(u => (anonymous, u)).Concat(world.MemberUrls.Select(u => (member, u))).Append((anonymous, world.FollowUpPath)))
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            var text = response.Content.Headers.ContentType?.MediaType is { } type && (type.Contains("json", StringComparison.Ordinal) || type.StartsWith("text/", StringComparison.Ordinal))
                ? System.Text.Encoding.UTF8.GetString(body)
                : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
            // When the scoreboard was computed is the moment of the request, not data.
            text = GeneratedAt().Replace(text, "\"generatedAt\":\"…\"");
            if (url == world.FollowUpPath)
            {
                // An HTML page carries a fresh antiforgery token: what matters is that the restored keys read the link.
                text = HtmlText.Visible(text);
            }
            answers.Add($"{url} {(int)response.StatusCode} {response.Content.Headers.ContentType}\n{text}");
        }
        return answers;
    }

    private static string[] Configuration(TestDatabase database) =>
        [$"--Database:Provider={database.Provider}", $"--ConnectionStrings:Default={database.ConnectionString}"];

    private static async Task<T> WithHostAsync<T>(TestDatabase database, Func<BackupService, Task<T>> action)
    {
        await using var host = ContrevueCli.BuildHost(Configuration(database));
        return await action(new BackupService(host.Services, host.Configuration, TimeProvider.System));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_encrypted_backup_of_a_running_instance_restores_onto_an_empty_database_with_identical_answers(DatabaseProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("contrevue-backup-test-");
        try
        {
            var archive = Path.Combine(folder.FullName, "contrevue.cvbk");
            var passphraseFile = Path.Combine(folder.FullName, "phrase");
            await File.WriteAllTextAsync(passphraseFile, Passphrase + "\n");
            World world;
            List<string> before;
            await using (var original = new AppFactory(await TestDatabases.CreateAsync(provider)))
            {
                world = await FillAsync(original);
                before = await AnswersAsync(original, world);
                // While the site runs.
                Assert.Equal(0, await ContrevueCli.RunAsync(["backup", "create", archive, "--passphrase-file", passphraseFile, .. Configuration(original.Database)]));
            }
            Assert.True(BackupEncryption.IsEncrypted(archive));
            Assert.False(ContainsAscii(await File.ReadAllBytesAsync(archive), "suivi@example.org"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
            }

            await using var target = await TestDatabases.CreateAsync(provider);
            // Refused without the passphrase, with a wrong one, and once altered; the database stays empty.
            var missing = await Assert.ThrowsAsync<BackupException>(() => WithHostAsync(target, s => s.RestoreAsync(archive, null, false, default)));
            Assert.Contains("chiffrée", missing.Message);
            var wrong = await Assert.ThrowsAsync<BackupException>(() => WithHostAsync(target, s => s.RestoreAsync(archive, "pas la bonne phrase", false, default)));
            Assert.Contains("Phrase de passe incorrecte", wrong.Message);
            var tampered = Path.Combine(folder.FullName, "alteree.cvbk");
            var bytes = await File.ReadAllBytesAsync(archive);
            bytes[bytes.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(tampered, bytes);
            var altered = await Assert.ThrowsAsync<BackupException>(() => WithHostAsync(target, s => s.RestoreAsync(tampered, Passphrase, false, default)));
            Assert.Contains("altérée", altered.Message);
            var truncated = Path.Combine(folder.FullName, "tronquee.cvbk");
            await File.WriteAllBytesAsync(truncated, bytes.AsSpan(0, bytes.Length - 70_000).ToArray());
            Assert.Contains("altérée", (await Assert.ThrowsAsync<BackupException>(() => WithHostAsync(target, s => s.RestoreAsync(truncated, Passphrase, false, default)))).Message);
            Assert.Equal(1, await ContrevueCli.RunAsync(["backup", "restore", archive, .. Configuration(target)]));

            Environment.SetEnvironmentVariable(BackupCommands.PassphraseVariable, Passphrase);
            try
            {
                Assert.Equal(0, await ContrevueCli.RunAsync(["backup", "restore", archive, .. Configuration(target)]));
                // Once restored the database is not empty: a second restore is refused without --force.
                Assert.Equal(1, await ContrevueCli.RunAsync(["backup", "restore", archive, .. Configuration(target)]));
                Assert.Equal(0, await ContrevueCli.RunAsync(["backup", "restore", archive, "--force", .. Configuration(target)]));
            }
            finally
            {
                Environment.SetEnvironmentVariable(BackupCommands.PassphraseVariable, null);
            }

            await using var restored = new AppFactory(target, ownsDatabase: false);
            var after = await AnswersAsync(restored, world);
            Assert.Equal(before.Count, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(before[i], after[i]);
            }
            Assert.Contains(after, a => a.StartsWith(world.FollowUpPath + " 200", StringComparison.Ordinal));
            Assert.All(after, a => Assert.DoesNotContain(" 404 ", a.Split('\n')[0], StringComparison.Ordinal));
            // New rows get new keys (PostgreSQL's sequences moved past the restored ones).
            var (_, token) = await TestAccounts.CreateWithTokenAsync(restored, Roles.Moderator);
            Assert.Equal(HttpStatusCode.Created, (await TestAccounts.ClientWithToken(restored, token).PostAsJsonAsync("/api/v1/dossiers", DossierApiTests.VsaDossier("VSA après restauration"))).StatusCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_SQLite_backup_restores_onto_PostgreSQL()
    {
        if (!TestDatabases.Providers.Contains(DatabaseProvider.Postgres) || !TestDatabases.Providers.Contains(DatabaseProvider.Sqlite))
        {
            return;
        }
        var folder = Directory.CreateTempSubdirectory("contrevue-backup-test-");
        try
        {
            var archive = Path.Combine(folder.FullName, "contrevue.zip");
            World world;
            List<string> before;
            await using (var original = new AppFactory(await TestDatabases.CreateAsync(DatabaseProvider.Sqlite)))
            {
                world = await FillAsync(original);
                before = await AnswersAsync(original, world);
                Assert.Equal(0, await ContrevueCli.RunAsync(["backup", "create", archive, .. Configuration(original.Database)]));
            }
            // Not encrypted: a plain ZIP whose manifest counts and fingerprints every table.
            using (var zip = System.IO.Compression.ZipFile.OpenRead(archive))
            {
                using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
                Assert.Equal(1, manifest.RootElement.GetProperty("formatVersion").GetInt32());
                Assert.True(manifest.RootElement.GetProperty("includesDataProtectionKeys").GetBoolean());
                var tables = manifest.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!, t => t.GetProperty("rows").GetInt64());
                Assert.Equal(2, tables["dossiers"]);
                Assert.True(tables["communes"] > 34_000);
                Assert.Equal(64, manifest.RootElement.GetProperty("tables")[0].GetProperty("sha256").GetString()!.Length);
            }

            await using var target = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
            Assert.Equal(0, await ContrevueCli.RunAsync(["backup", "restore", archive, .. Configuration(target)]));
            await using var restored = new AppFactory(target, ownsDatabase: false);
            var after = await AnswersAsync(restored, world);
            // PostgreSQL keeps microseconds, SQLite ten times finer: only the seventh decimal of a time may differ.
            Assert.Equal(before.Count, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(Microseconds(before[i]), Microseconds(after[i]));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_altered_plain_archive_is_refused_before_anything_is_written(DatabaseProvider provider)
    {
        var folder = Directory.CreateTempSubdirectory("contrevue-backup-test-");
        try
        {
            var archive = Path.Combine(folder.FullName, "contrevue.zip");
            await using (var original = new AppFactory(await TestDatabases.CreateAsync(provider)))
            {
                using var client = original.CreateClient();
                (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
                Assert.Equal(0, await ContrevueCli.RunAsync(["backup", "create", archive, .. Configuration(original.Database)]));
                Assert.Equal(1, await ContrevueCli.RunAsync(["backup", "create", archive, .. Configuration(original.Database)]));
            }
            // A row of a part changed and the archive rewritten: the part no longer matches its fingerprint.
            var altered = Path.Combine(folder.FullName, "alteree.zip");
            File.Copy(archive, altered);
            using (var zip = System.IO.Compression.ZipFile.Open(altered, System.IO.Compression.ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("tables/campaigns.jsonl")!;
                string text;
                using (var reader = new StreamReader(entry.Open()))
                {
                    text = await reader.ReadToEndAsync();
                }
                entry.Delete();
                await using var writer = new StreamWriter(zip.CreateEntry("tables/campaigns.jsonl").Open());
                await writer.WriteAsync(text.Replace("Pas de VSA dans ma ville", "Oui à la VSA dans ma ville", StringComparison.Ordinal));
            }
            await using var target = await TestDatabases.CreateAsync(provider);
            var refused = await Assert.ThrowsAsync<BackupException>(() => WithHostAsync(target, s => s.RestoreAsync(altered, null, false, default)));
            Assert.Contains("campaigns.jsonl", refused.Message);
            Assert.Contains("SHA-256", refused.Message);
            var notAnArchive = Path.Combine(folder.FullName, "texte.zip");
            await File.WriteAllTextAsync(notAnArchive, "bonjour");
            Assert.Contains("n'est pas une sauvegarde", (await Assert.ThrowsAsync<BackupException>(() => WithHostAsync(target, s => s.RestoreAsync(notAnArchive, null, false, default)))).Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool ContainsAscii(byte[] haystack, string needle) => TestFiles.Contains(haystack, System.Text.Encoding.ASCII.GetBytes(needle));

    private static string Microseconds(string answer) => FractionalSeconds().Replace(answer, m => m.Groups[1].Value.PadRight(7, '0')[..6].TrimEnd('0') is { Length: > 0 } digits ? "." + digits : "");

    [GeneratedRegex("\"generatedAt\":\"[^\"]*\"")]
    private static partial Regex GeneratedAt();

    [GeneratedRegex(@"(?<=\d{2}:\d{2}:\d{2})\.(\d{1,7})")]
    private static partial Regex FractionalSeconds();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
